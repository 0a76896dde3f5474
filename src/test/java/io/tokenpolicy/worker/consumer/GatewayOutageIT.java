package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.HealthProbe;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsAlone;
import io.tokenpolicy.worker.fixtures.TokenEventStream;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import io.tokenpolicy.worker.ops.ConsumerSnapshot;
import io.tokenpolicy.worker.ops.ConsumerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway outage, compressed from minutes to seconds: the circuit opens, fetching pauses,
 * readiness goes DOWN, and once the gateway is back everything is applied and readiness is UP;
 * a shutdown during the outage hands the waiting events over instead of waiting out their budget.
 */
@RunsAlone
@WorkerHarness(user = GatewayOutageIT.USER)
class GatewayOutageIT {

    static final long USER = 7;
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final TokenEventStream events;
    private final Outcomes outcomes;

    GatewayOutageIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.events = harness.eventStream();
        this.outcomes = harness.outcomes();
    }

    @Test
    void outageWithinTheBudgetPausesFetchingReportsNotReadyAndFailsNothing() {
        events.seed(30, 0);
        try (WorkerProcess worker = WorkerProcess.start(settings(Map.of(
                "token-policy.concurrency.max-buffered-records",
                1_000,
                "spring.kafka.consumer.max-poll-records",
                20)))) {
            HealthProbe health = new HealthProbe(worker);
            ConsumerStatus consumer = worker.bean(ConsumerStatus.class);
            outcomes.awaitAll(events.topUps(30));
            assertThat(health.readiness().status()).isEqualTo("UP");

            gateway.setDown(true);
            gateway.resetCounters();
            events.topUps(60);
            await("readiness DOWN")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> health.readiness().httpStatus() == 503);
            HealthProbe.Answer down = health.readiness();
            events.topUps(240);
            Peak peak = sampleFetching(consumer);
            long callsWhileDown = FaultSettings.callsReceived(gateway);
            gateway.setDown(false);
            List<JsonNode> all = outcomes.awaitAll(events.ids(), Duration.ofSeconds(60));

            System.out.printf(
                    "outage: %d events, %d calls in %s down, peak buffered %d, paused partitions %d%n",
                    all.size(), callsWhileDown, OUTAGE, peak.buffered, peak.paused);
            assertThat(down.gatewayReason())
                    .matches("gateway circuit (open|half-open): \\d+ gateway calls in a row failed.*HTTP 502");
            assertThat(down.body()).doesNotContain(harness.accessToken()).doesNotContain(gateway.baseUrl());
            assertThat(peak.paused)
                    .as("fetching paused while down, from both input topics' 3 partitions")
                    .isEqualTo(6);
            assertThat(peak.buffered)
                    .as("none of the 240 published while down fetched")
                    .isLessThanOrEqualTo(60 + 20);
            assertThat(callsWhileDown)
                    .as("only probes go out while the circuit is open")
                    .isLessThan(100);
            assertThat(all)
                    .hasSize(330)
                    .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
            await("readiness UP")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> health.readiness().httpStatus() == 200);
            assertThat(health.liveness().status()).isEqualTo("UP");
            events.assertEveryTokenAsExpected();
        }
    }

    @Test
    void shutdownDuringAnOutageHandsWaitingEventsOverWithinTheDrainTimeout() {
        events.seed(10, 0);
        Map<String, Object> settings = settings(Map.of(
                "token-policy.retry.max-duration",
                "5m",
                "token-policy.retry.max-attempts",
                1_000,
                "token-policy.concurrency.drain-timeout",
                "2s"));
        long stopping;
        try (WorkerProcess worker = WorkerProcess.start(settings)) {
            HealthProbe health = new HealthProbe(worker);
            gateway.setDown(true);
            events.topUps(20);
            await("readiness DOWN")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> health.readiness().httpStatus() == 503);
            stopping = System.nanoTime();
        }
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        assertThat(outcomes.all()).as("no outcome for what was handed over").isEmpty();

        gateway.setDown(false);
        try (WorkerProcess next = WorkerProcess.start(settings)) {
            List<JsonNode> all = outcomes.awaitAll(events.ids(), Duration.ofSeconds(60));

            System.out.printf(
                    "shutdown during outage: stopped in %d ms with a 5 min budget and a 2 s drain%n", stop.toMillis());
            assertThat(stop).isLessThan(Duration.ofSeconds(10));
            assertThat(all)
                    .hasSize(20)
                    .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
            events.assertEveryTokenAsExpected();
        }
    }

    private Peak sampleFetching(ConsumerStatus consumer) {
        Peak peak = new Peak();
        long until = System.nanoTime() + OUTAGE.toNanos();
        await("outage of " + OUTAGE)
                .atMost(OUTAGE.plusSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    ConsumerSnapshot state = consumer.snapshot();
                    peak.buffered = Math.max(peak.buffered, state.bufferedRecords());
                    peak.paused = state.gatewayDown() ? Math.max(peak.paused, state.pausedPartitions()) : peak.paused;
                    return System.nanoTime() >= until;
                });
        return peak;
    }

    private Map<String, Object> settings(Map<String, Object> overrides) {
        return WorkerSettings.withHealthEndpoints(FaultSettings.of(harness, overrides));
    }

    private static final class Peak {
        private int buffered;
        private long paused;
    }
}
