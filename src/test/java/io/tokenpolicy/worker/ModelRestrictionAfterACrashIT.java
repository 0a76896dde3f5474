package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chaos run's token 808 (docs/reliability.md, finding 7) against the worker as its own JVM: two model restrictions
 * of one token applied in one batch, a record of another token between them in the partition still unfinished, so
 * that the first restriction's outcome is committed and the second's is not, and a SIGKILL then. The worker started
 * again takes the first for a duplicate; a plan's models must still be kept within it.
 */
@RunsBesideOthers
@WorkerHarness(user = ModelRestrictionAfterACrashIT.USER, partitions = 1)
class ModelRestrictionAfterACrashIT {

    static final long USER = 37;
    private static final Duration BATCH_HELD = Duration.ofSeconds(8);

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private WorkerJvm worker;

    ModelRestrictionAfterACrashIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void restrictionWhoseOutcomeWasCommittedBeforeTheCrashStillKeepsALaterPlanWithinIt() {
        EmulatedToken token =
                gateway.addToken(EmulatedToken.forUser(USER).remainQuota(500).build());
        EmulatedToken stuck =
                gateway.addToken(EmulatedToken.forUser(USER).remainQuota(500).build());
        gateway.refuseCallsFor(stuck.id(), "database is locked");
        worker = WorkerJvm.start("model-restriction-" + harness.run(), settings());

        // the token's first batch waits for its write's answer, so that the two restrictions queue up behind it
        gateway.holdWriteAnswers(BATCH_HELD);
        String first = restriction(token, "gpt-common");
        String second = restriction(token, "gpt-common", "gpt-b", "gpt-c");
        try {
            publish(token, CloudEvents.ipRestriction(id(), token.id(), List.of("10.0.0.0/8")));
            await("the token's first write landed")
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> !gateway.admits(token.id(), "192.0.2.1"));
            publish(token, first);
            publish(stuck, CloudEvents.ipRestriction(id(), stuck.id(), List.of("10.0.0.0/8")));
            publish(token, second);
        } finally {
            gateway.holdWriteAnswers(Duration.ZERO);
        }
        harness.outcomes().awaitAll(List.of(CloudEvents.idOf(first)));
        await("both restrictions written")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !gateway.admitsModel(token.id(), "gpt-b"));
        boolean secondCommitted = harness.outcomes().all().stream()
                .anyMatch(outcome -> outcome.path("event_id").asText().equals(CloudEvents.idOf(second)));
        worker.kill();
        worker = WorkerJvm.start("model-restriction-" + harness.run(), settings());

        String plan = CloudEvents.event(
                id(),
                "billing.plan_changed",
                Map.of("token_id", token.id(), "models", List.of("gpt-b", "gpt-common", "gpt-c")));
        publish(token, plan);
        harness.outcomes().awaitAll(List.of(CloudEvents.idOf(plan)));

        assertThat(secondCommitted)
                .as("the second restriction's outcome waits for the stuck record before it")
                .isFalse();
        assertThat(gateway.admitsModel(token.id(), "gpt-common")).isTrue();
        assertThat(gateway.admitsModel(token.id(), "gpt-b"))
                .as("the plan is kept within the first restriction")
                .isFalse();
        assertThat(gateway.admitsModel(token.id(), "gpt-c")).isFalse();
    }

    private String restriction(EmulatedToken token, String... models) {
        return CloudEvents.event(
                id(), "security.model_restriction", Map.of("token_id", token.id(), "models", List.of(models)));
    }

    private void publish(EmulatedToken token, String event) {
        String topic = event.contains("\"type\":\"security.") ? harness.securityEventsTopic() : harness.eventsTopic();
        harness.producer().send(new ProducerRecord<>(topic, Long.toString(token.id()), event));
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.topics.partitions", 1);
        settings.put("logging.level.io.tokenpolicy", "warn");
        // the stuck token's refusal may pass: it is retried, and its record stays unfinished, until the test ends
        settings.put("token-policy.retry.max-attempts", 1_000);
        settings.put("token-policy.retry.max-backoff", "500ms");
        return WorkerSettings.killable(settings);
    }
}
