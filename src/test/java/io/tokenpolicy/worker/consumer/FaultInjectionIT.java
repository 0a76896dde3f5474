package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.TokenEventStream;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The worker through Kafka against a gateway that fails a share of its calls (5xx, timeouts,
 * dropped connections): every event applied exactly once; and a retry budget that runs out:
 * FAILED, parked on the dead-letter topic with why and after how many attempts; a disable the
 * gateway refuses with a database error is retried, not taken for its final word; a write that timed out and lands
 * late does not overwrite the token's next write.
 */
@WorkerHarness(user = FaultInjectionIT.USER)
class FaultInjectionIT {

    static final long USER = 6;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final TokenEventStream events;
    private final Outcomes outcomes;

    FaultInjectionIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.events = harness.eventStream();
        this.outcomes = harness.outcomes();
    }

    @Test
    void everyEventIsAppliedExactlyOnceThroughFaultsOnThirtyPercentOfCalls() {
        events.seed(100, 1_000);
        gateway.setTimeoutHold(Duration.ofMillis(300))
                .setFaultRate(0.3, Fault.HTTP_502, Fault.HTTP_503, Fault.TIMEOUT, Fault.DROP_CONNECTION);
        try (WorkerProcess worker = WorkerProcess.start(
                settings(Map.of("token-api.request-timeout", "250ms", "token-policy.circuit.failure-threshold", 10)))) {
            long started = System.nanoTime();
            for (int i = 0; i < 980; i++) {
                events.topUp(1 + (i * 37L) % 100, 1 + (i % 7) * 100L);
                if (i % 49 == 48) {
                    long token = 1 + i / 49 * 5L;
                    events.incident(token, token % 2 == 0 ? "high" : "low");
                }
            }
            events.flush();
            List<JsonNode> all = outcomes.awaitAll(events.ids(), Duration.ofSeconds(90));

            System.out.printf(
                    "fault injection: %d events, %d gateway calls with 30%% faulted, all done in %d ms%n",
                    all.size(),
                    FaultSettings.callsReceived(gateway),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertThat(all)
                    .hasSize(1_000)
                    .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
            events.assertEveryTokenAsExpected();
        }
    }

    @Test
    void spentRetryBudgetFailsTheEventAndParksItWithWhyAndHowManyAttempts() {
        events.seed(3, 100);
        Map<String, Object> tight =
                Map.of("token-policy.retry.max-attempts", 3, "token-policy.circuit.failure-threshold", 1_000);
        try (WorkerProcess worker = WorkerProcess.start(settings(tight));
                TopicReader deadLetters = new TopicReader(harness.brokers(), harness.eventsTopic() + ".DLT")) {
            String unknownToken =
                    events.publish(99, "evt-unknown-" + run, CloudEvents.topUp("evt-unknown-" + run, 99, 5));
            events.flush();
            JsonNode refused = outcomes.awaitFor(unknownToken);
            assertThat(refused.path("result").asText()).isEqualTo("REJECTED");
            assertThat(refused.path("attempts").asInt())
                    .as("permanent: never retried")
                    .isEqualTo(1);

            gateway.setDown(true);
            List<JsonNode> failed = outcomes.awaitAll(events.topUps(3));

            assertThat(failed).hasSize(3).allSatisfy(outcome -> {
                assertThat(outcome.path("result").asText()).isEqualTo("FAILED");
                assertThat(outcome.path("attempts").asInt()).isEqualTo(3);
                assertThat(outcome.path("reason").asText()).contains("HTTP 502", "retry budget spent: max-attempts 3");
                String id = outcome.path("event_id").asText();
                ConsumerRecord<byte[], byte[]> parked = deadLetters.await(
                        "dead letter of " + id, r -> new String(r.value(), StandardCharsets.UTF_8).contains(id));
                assertThat(header(parked, "dlt-result")).isEqualTo("FAILED");
                assertThat(header(parked, "dlt-attempts")).isEqualTo("3");
                assertThat(header(parked, "dlt-reason"))
                        .isEqualTo(outcome.path("reason").asText());
            });
            assertThat(gateway.token(1).remainQuota()).isEqualTo(100);
        }
    }

    @Test
    void aDisableTheGatewayAnswersWithDatabaseIsLockedIsRetriedUntilTheTokenIsDisabled() {
        events.seed(1, 100);
        gateway.failNextWrites(2, Fault.DATABASE_LOCKED);
        try (WorkerProcess worker = WorkerProcess.start(settings(Map.of("token-policy.retry.max-attempts", 4)))) {
            String incident = events.incident(1, "high");
            events.flush();

            JsonNode outcome = outcomes.awaitFor(incident);

            assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
            assertThat(outcome.path("attempts").asInt())
                    .as("the read, two refused disables, the one that landed")
                    .isEqualTo(4);
            assertThat(gateway.token(1).status()).isEqualTo(EmulatedToken.DISABLED);
        }
    }

    @Test
    void aWriteThatTimedOutAndLandsLateDoesNotUndoTheTokensNextTopUp() {
        events.seed(1, 1_000);
        // the first write is held 6 s, then carried out: the worker gave up on it after 500 ms
        gateway.setTimeoutHold(Duration.ofSeconds(6)).failNextWrites(1, Fault.TIMEOUT);
        Map<String, Object> settle = Map.of("token-api.request-timeout", "500ms", "token-api.write-settle-time", "8s");
        try (WorkerProcess worker = WorkerProcess.start(settings(settle))) {
            String first = events.topUp(1, 100);
            events.flush();
            assertThat(outcomes.awaitFor(first).path("result").asText()).isEqualTo("APPLIED");
            String second = events.topUp(1, 200);
            events.flush();
            assertThat(outcomes.awaitFor(second).path("result").asText()).isEqualTo("APPLIED");

            await("the held write carried out")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> gateway.callsInFlight() == 0);
            assertThat(gateway.token(1).remainQuota())
                    .as("both top-ups, the held write of the first landed before the second's read")
                    .isEqualTo(1_300);
        }
    }

    private Map<String, Object> settings(Map<String, Object> overrides) {
        return FaultSettings.of(harness, overrides);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
