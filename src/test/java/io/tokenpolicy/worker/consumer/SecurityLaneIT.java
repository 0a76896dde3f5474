package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.LaneEvent;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsAlone;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The security lane against the worker as its own JVM, with a tight client-side rate limit (50 calls a second): an
 * incident on {@code token-security-events} is applied within seconds however many top-ups are queued ahead of it on
 * {@code token-events}, and billing keeps draining meanwhile; an incident on {@code token-events} is still applied,
 * once; a billing type on the security topic is refused.
 */
@RunsAlone
@WorkerHarness(user = SecurityLaneIT.USER)
class SecurityLaneIT {

    static final long USER = 17;
    private static final int RATE_LIMIT = 50;
    private static final Duration INCIDENT_DEADLINE = Duration.ofSeconds(5);
    private static final long QUOTA = 1_000;
    private static final long INCIDENT_TOKEN = 9_999;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final Outcomes outcomes;
    private WorkerJvm worker;

    SecurityLaneIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.outcomes = harness.outcomes();
    }

    @AfterEach
    void stopWithoutDraining() {
        if (worker != null) {
            worker.kill();
        }
    }

    @Test
    void criticalIncidentBehindFiveThousandQueuedTopUpsIsAppliedWithinSeconds() {
        seed(1, 1_000);
        seed(INCIDENT_TOKEN, INCIDENT_TOKEN);
        List<LaneEvent> topUps = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            topUps.add(LaneEvent.onEventsTopic(1 + i % 1_000, "billing.topup", Map.of("amount", 10)));
        }
        publish(topUps);
        worker = WorkerJvm.start("security-lane-backlog-" + harness.run(), settings());
        outcomes.awaitAny("the first top-ups applied", 50);
        int appliedBefore = outcomes.all().size();
        assertThat(appliedBefore)
                .as("the worker is behind: most top-ups are still queued")
                .isLessThan(2_500);

        Duration latency = disableLatency(incident(INCIDENT_TOKEN, "critical"));
        long appliedWhenDisabled = outcomes.all().size();
        System.out.printf(
                "critical incident published behind %d queued top-ups: disabled after %d ms%n",
                topUps.size() - appliedBefore, latency.toMillis());
        await("top-ups still applied after the incident")
                .atMost(Duration.ofSeconds(10))
                .until(() -> outcomes.all().size() >= appliedWhenDisabled + 100);
        assertThat(appliedWhenDisabled)
                .as("the incident did not wait for the backlog")
                .isLessThan(topUps.size());
    }

    @Test
    void incidentOfATokenWithQueuedTopUpsOvertakesThem() {
        seed(1, 1);
        List<LaneEvent> topUps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            topUps.add(LaneEvent.onEventsTopic(1, "billing.topup", Map.of("amount", 10)));
        }
        publish(topUps);
        worker = WorkerJvm.start("security-lane-own-token-" + harness.run(), oneTopUpPerBatch());
        outcomes.awaitAny("the token's first top-ups applied", 5);

        disableLatency(incident(1, "critical"));
        long quotaWhenDisabled = gateway.token(1).remainQuota();

        assertThat(quotaWhenDisabled)
                .as("disabled before its queued top-ups were all applied")
                .isLessThan(QUOTA + 2_000);
        List<JsonNode> applied = outcomes.awaitAll(ids(topUps), Duration.ofSeconds(90));
        assertThat(applied)
                .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
        assertThat(gateway.token(1).status())
                .as("the lanes commute: still disabled")
                .isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(1).remainQuota())
                .as("with the full quota added")
                .isEqualTo(QUOTA + 2_000);
    }

    @Test
    void securityTypeOnTokenEventsIsStillAppliedOnce() {
        seed(1, 1);
        worker = WorkerJvm.start("security-lane-legacy-" + harness.run(), settings());
        LaneEvent incident = LaneEvent.onEventsTopic(
                1, "security.incident", Map.of("severity", "critical", "reason", "key seen in a public repository"));
        LaneEvent topUp = LaneEvent.onEventsTopic(1, "billing.topup", Map.of("amount", 10));
        publish(List.of(incident, topUp));

        outcomes.awaitAll(List.of(incident.id(), topUp.id()));

        assertThat(outcomes.all())
                .filteredOn(o -> o.path("event_id").asText().equals(incident.id()))
                .singleElement()
                .satisfies(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
        assertThat(gateway.calls(Route.PUT_STATUS_ONLY)).as("one disable").isEqualTo(1);
        assertThat(gateway.token(1).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(1).remainQuota()).isEqualTo(QUOTA + 10);
    }

    @Test
    void billingTypeOnTheSecurityTopicIsRejectedAndParked() {
        seed(1, 1);
        worker = WorkerJvm.start("security-lane-wrong-topic-" + harness.run(), settings());
        LaneEvent topUp = LaneEvent.onSecurityTopic(1, "billing.topup", Map.of("amount", 10));
        publish(List.of(topUp));

        JsonNode outcome = outcomes.awaitFor(topUp.id());
        ConsumerRecord<byte[], byte[]> parked = harness.reader(harness.deadLetterTopic())
                .await("the top-up parked", record -> new String(record.value(), StandardCharsets.UTF_8)
                        .contains(topUp.id()));

        assertThat(outcome.path("result").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("reason").asText())
                .as("names the type and the topic that does not take it")
                .contains("billing.topup", harness.securityEventsTopic());
        assertThat(header(parked, "dlt-result")).isEqualTo("REJECTED");
        assertThat(header(parked, "dlt-original-topic")).isEqualTo(harness.securityEventsTopic());
        assertThat(header(parked, "dlt-reason")).contains("billing.topup", harness.securityEventsTopic());
        assertThat(gateway.token(1).remainQuota()).as("nothing added").isEqualTo(QUOTA);
        assertThat(gateway.calls(Route.PUT_TOKEN)).isZero();
    }

    /** Waits (at most the deadline) until the token is disabled on the gateway, and returns how long it took. */
    private Duration disableLatency(LaneEvent incident) {
        long published = System.nanoTime();
        publish(List.of(incident));
        await("token " + incident.token() + " disabled within " + INCIDENT_DEADLINE + " of its incident's publish")
                .atMost(INCIDENT_DEADLINE)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> gateway.token(incident.token()).status() == EmulatedToken.DISABLED);
        return Duration.ofNanos(System.nanoTime() - published);
    }

    private static LaneEvent incident(long token, String severity) {
        return LaneEvent.onSecurityTopic(
                token, "security.incident", Map.of("severity", severity, "reason", "key seen in a public repository"));
    }

    private void publish(List<LaneEvent> events) {
        events.forEach(event -> harness.producer().send(event.record(harness)));
        harness.producer().flush();
    }

    private void seed(long first, long last) {
        for (long id = first; id <= last; id++) {
            gateway.addToken(
                    EmulatedToken.forUser(USER).id(id).remainQuota(QUOTA).build());
        }
    }

    private static List<String> ids(List<LaneEvent> events) {
        return events.stream().map(LaneEvent::id).toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Each top-up its own batch (a GET and a PUT: 25 top-ups a second at the rate limit), so that the token's queue of
     * 200 lasts 8 s, longer than the incident's deadline.
     */
    private Map<String, Object> oneTopUpPerBatch() {
        Map<String, Object> settings = settings();
        settings.put("token-policy.concurrency.max-batch", 1);
        return settings;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.rate-limit.requests", RATE_LIMIT);
        settings.put("token-policy.rate-limit.window", "1s");
        settings.put("logging.level.io.tokenpolicy", "warn");
        return settings;
    }
}
