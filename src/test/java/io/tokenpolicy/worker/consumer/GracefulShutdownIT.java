package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsAlone;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM in the middle of a stream, as an orchestrator stops a container: the worker stops
 * fetching, finishes or hands back what it had started, commits and exits within its drain
 * timeout; a restarted worker then completes the stream with nothing lost and nothing doubled.
 */
@RunsAlone
@WorkerHarness(user = GracefulShutdownIT.USER)
class GracefulShutdownIT {

    static final long USER = 31;
    private static final int TOKENS = 20;
    private static final int EVENTS_PER_TOKEN = 15;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** The drain, then committing and closing the clients, with room for a machine under load. */
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(25);

    /** A worker JVM's start-up and the stream, on a machine shared by parallel builds. */
    private static final Duration STARTUP_AND_WORK = Duration.ofSeconds(150);

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final Map<Long, Long> fundedAtStart = new HashMap<>();
    private final Map<String, Long> amounts = new HashMap<>();
    private final Map<String, Long> tokenOf = new HashMap<>();
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;

    GracefulShutdownIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @BeforeEach
    void setUp() {
        gateway.setLatency(Duration.ofMillis(40));
        for (long id = 1; id <= TOKENS; id++) {
            fundedAtStart.put(
                    id,
                    gateway.addToken(EmulatedToken.forUser(USER)
                                    .id(id)
                                    .remainQuota(10_000)
                                    .build())
                            .fundedTotal());
        }
    }

    @Test
    void sigtermMidStreamExitsWithinTheDrainTimeoutAndARestartCompletesTheStreamExactlyOnce() {
        publishTopUps();
        WorkerJvm first = WorkerJvm.start("graceful-" + run, settings());
        outcomes.awaitAny("the first outcomes", 40, STARTUP_AND_WORK);

        Duration exit = first.terminate(EXIT_WITHIN);

        assertThat(exit).as("time from SIGTERM to exit").isNotNull();
        assertThat(first.output()).as("the worker's log").contains("stopped: finished events committed");
        int beforeRestart = outcomes.all().size();
        assertThat(beforeRestart).as("outcomes when stopped mid-stream").isLessThan(amounts.size());
        try (WorkerJvm restarted = WorkerJvm.start("graceful-" + run, settings())) {
            outcomes.awaitAll(List.copyOf(amounts.keySet()), STARTUP_AND_WORK);
        }
        assertExactlyOnce();
    }

    private void assertExactlyOnce() {
        List<JsonNode> all = outcomes.all();
        assertThat(all).as("one outcome per event").hasSize(amounts.size());
        assertThat(all).allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
        assertThat(all.stream().map(o -> o.path("event_id").asText()).collect(Collectors.toSet()))
                .isEqualTo(amounts.keySet());
        Map<Long, Long> toppedUp = amounts.entrySet().stream()
                .collect(Collectors.groupingBy(
                        e -> tokenOf.get(e.getKey()), Collectors.summingLong(Map.Entry::getValue)));
        fundedAtStart.forEach(
                (tokenId, funded) -> assertThat(gateway.token(tokenId).fundedTotal())
                        .as("funded total of token %d", tokenId)
                        .isEqualTo(funded + toppedUp.get(tokenId)));
    }

    private void publishTopUps() {
        for (int round = 1; round <= EVENTS_PER_TOKEN; round++) {
            for (long tokenId = 1; tokenId <= TOKENS; tokenId++) {
                String id = "evt-" + UUID.randomUUID();
                amounts.put(id, (long) round);
                tokenOf.put(id, tokenId);
                producer.send(new ProducerRecord<>(
                        harness.eventsTopic(), Long.toString(tokenId), CloudEvents.topUp(id, tokenId, round)));
            }
        }
        producer.flush();
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.concurrency.max-in-flight", 8);
        settings.put("token-policy.concurrency.max-batch", 1);
        settings.put("token-policy.concurrency.drain-timeout", DRAIN_TIMEOUT.toMillis() + "ms");
        settings.put("spring.lifecycle.timeout-per-shutdown-phase", "10s");
        settings.put("logging.level.io.tokenpolicy", "warn");
        settings.put("logging.level.io.tokenpolicy.worker.consumer.TokenEventConsumer", "info");
        return settings;
    }
}
