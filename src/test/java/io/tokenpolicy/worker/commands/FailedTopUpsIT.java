package io.tokenpolicy.worker.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A top-up whose write failed for good leaves nothing behind that acts later: whether its PUT
 * landed behind failed answers or never landed, the token's later top-ups are neither taken back
 * nor counted for it, and replaying it from the dead-letter topic lands its money exactly once.
 * Checked at the end: the funded total rose by exactly the sum of the distinct top-ups, and every
 * event id has exactly one effect-bearing outcome.
 */
@WorkerHarness(user = FailedTopUpsIT.USER)
class FailedTopUpsIT {

    static final long USER = 8;
    private static final long TOKEN = 1;
    private static final List<String> EFFECT_BEARING = List.of("APPLIED", "NO_CHANGE");

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;
    private final Map<String, Long> topUps = new LinkedHashMap<>();

    FailedTopUpsIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @Test
    void aTopUpThatLandedBehindFailedAnswersIsNeverTakenBackAndReplaysAsADuplicate() {
        failOneTopUpThenApplyTwoLargerOnesThenReplayIt(
                Fault.HTTP_502_AFTER_EFFECT,
                600,
                List.of("FAILED", "APPLIED"),
                List.of("FAILED", "APPLIED", "DUPLICATE"));
    }

    @Test
    void aTopUpThatNeverLandedIsNotCountedByLaterTopUpsAndLandsOnceWhenReplayed() {
        failOneTopUpThenApplyTwoLargerOnesThenReplayIt(
                Fault.HTTP_502, 500, List.of("FAILED"), List.of("FAILED", "APPLIED"));
    }

    /**
     * A top-up of 100 whose every PUT fails with {@code fault} until its retries are spent, then top-ups of 200
     * and 300, which must leave the funded total {@code raisedBy} higher; then the first is replayed.
     */
    private void failOneTopUpThenApplyTwoLargerOnesThenReplayIt(
            Fault fault, long raisedBy, List<String> beforeReplay, List<String> afterReplay) {
        long fundedBefore = gateway.addToken(
                        EmulatedToken.forUser(USER).id(TOKEN).remainQuota(1_000).build())
                .fundedTotal();
        try (WorkerProcess worker = WorkerProcess.start(settings())) {
            gateway.failNextWrites(2, fault);
            String failed = topUp(100);
            awaitResult(failed, "FAILED");
            awaitResult(topUp(200), "APPLIED");
            awaitResult(topUp(300), "APPLIED");
            assertThat(gateway.token(TOKEN).fundedTotal())
                    .as("later top-ups neither taken back nor counted twice")
                    .isEqualTo(fundedBefore + raisedBy);
            assertThat(resultsOf(failed)).isEqualTo(beforeReplay);

            replayFailedTopUps();
            await("the replayed top-up answered")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> resultsOf(failed).size() == afterReplay.size());
            assertThat(resultsOf(failed)).isEqualTo(afterReplay);
        }
        assertEachTopUpTookEffectOnce(fundedBefore);
    }

    private void replayFailedTopUps() {
        String events = harness.eventsTopic();
        ReplayRun replay = ReplayRun.of(harness.brokers(), events, events + ".DLT", "--type=billing.topup");
        assertThat(replay.status()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("replayed 1 of 1 dead letters");
    }

    private void assertEachTopUpTookEffectOnce(long fundedBefore) {
        topUps.keySet().forEach(id -> assertThat(resultsOf(id))
                .as("outcomes of %s", id)
                .filteredOn(EFFECT_BEARING::contains)
                .hasSize(1));
        long sum = topUps.values().stream().mapToLong(Long::longValue).sum();
        assertThat(gateway.token(TOKEN).fundedTotal()).isEqualTo(fundedBefore + sum);
    }

    private String topUp(long amount) {
        String id = "topup-" + amount + "-" + run;
        topUps.put(id, amount);
        producer.send(new ProducerRecord<>(
                harness.eventsTopic(), Long.toString(TOKEN), CloudEvents.topUp(id, TOKEN, amount)));
        producer.flush();
        return id;
    }

    private void awaitResult(String id, String result) {
        await(id + " " + result).atMost(Duration.ofSeconds(60)).until(() -> resultsOf(id)
                .contains(result));
    }

    private List<String> resultsOf(String id) {
        return outcomes.all().stream()
                .filter(o -> id.equals(o.path("event_id").asText()))
                .map(o -> o.path("result").asText())
                .toList();
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.retry.max-attempts", 2);
        settings.put("token-policy.retry.initial-backoff", "10ms");
        settings.put("token-policy.circuit.failure-threshold", 1_000);
        // a 502 leaves its write in doubt; the emulator's lands at once, so a second of settling is plenty
        settings.put("token-api.write-settle-time", "1s");
        return settings;
    }
}
