package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.apply.StoredToken;
import io.tokenpolicy.worker.apply.TokenGateway;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.HealthProbe;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.tokenapi.TokenApiClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Failures the worker cannot answer with an outcome either end in a recovery or in liveness DOWN, logged. */
@WorkerHarness(user = NothingStopsSilentlyIT.USER)
@ExtendWith(OutputCaptureExtension.class)
class NothingStopsSilentlyIT {

    static final long USER = 31;
    private static final long ERROR_TOKEN = 666;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;
    private final Map<Long, Integer> partitionOf = new HashMap<>();

    NothingStopsSilentlyIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @Test
    void anErrorInATokensWorkTurnsLivenessDownAndSaysWhy(CapturedOutput output) throws Exception {
        gateway.addToken(EmulatedToken.forUser(USER).id(7).remainQuota(1_000).build());
        gateway.addToken(
                EmulatedToken.forUser(USER).id(ERROR_TOKEN).remainQuota(1_000).build());
        Map<String, Object> settings = WorkerSettings.withHealthEndpoints(harness.workerSettings());
        settings.put("token-policy.concurrency.drain-timeout", "1s");
        settings.put("spring.lifecycle.timeout-per-shutdown-phase", "5s");

        try (WorkerProcess worker = WorkerProcess.start(settings, StackOverflowOnOneToken.class)) {
            HealthProbe probe = new HealthProbe(worker);
            assertThat(probe.liveness().status()).isEqualTo("UP");
            String fine = publish(7, "evt-" + UUID.randomUUID());
            assertThat(outcomes.awaitFor(fine).path("result").asText()).isEqualTo("APPLIED");
            publish(ERROR_TOKEN, "evt-" + UUID.randomUUID());

            await("liveness DOWN")
                    .dontCatchUncaughtExceptions()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> probe.liveness().httpStatus() == 503);
            assertThat(output)
                    .contains("liveness DOWN: 1 records from offset")
                    .contains("failed with StackOverflowError");
        }
    }

    @Test
    void unreadableLedgerRecordsAreLoggedAndHoldOnlyTheTokenWhoseIntentCannotBeRead(CapturedOutput output)
            throws Exception {
        harness.broker().addTopics(new NewTopic(harness.ledgerTopic(), 3, (short) 1));
        gateway.addToken(EmulatedToken.forUser(USER).id(5).remainQuota(1_000).build());
        gateway.addToken(EmulatedToken.forUser(USER).id(6).remainQuota(1_000).build());
        String held = publish(5, "evt-" + UUID.randomUUID());
        String fine = publish(6, "evt-" + UUID.randomUUID());
        corrupt(partitionOf.get(5L), "done/evt-earlier");
        corrupt(partitionOf.get(5L), "intent/5/evt-earlier");
        corrupt(partitionOf.get(6L), "done/evt-other");

        try (WorkerProcess worker = WorkerProcess.start(harness.workerSettings())) {
            List<JsonNode> both = outcomes.awaitAll(List.of(held, fine), Duration.ofSeconds(60));

            assertThat(both)
                    .filteredOn(o -> o.path("event_id").asText().equals(fine))
                    .extracting(o -> o.path("result").asText())
                    .containsExactly("APPLIED");
            assertThat(both)
                    .filteredOn(o -> o.path("event_id").asText().equals(held))
                    .singleElement()
                    .satisfies(o -> assertThat(o.path("result").asText()).isEqualTo("FAILED"))
                    .satisfies(
                            o -> assertThat(o.path("reason").asText()).contains("intent/5/evt-earlier cannot be read"));
            assertThat(gateway.token(5).remainQuota()).isEqualTo(1_000);
            assertThat(output)
                    .contains("ledger record done/evt-earlier at offset 0")
                    .contains("skipped: a repeat of its event will not be told a duplicate")
                    .contains("events of token 5 end FAILED until the record is replaced");
        }
    }

    private String publish(long tokenId, String id) throws Exception {
        partitionOf.put(
                tokenId,
                producer.send(new ProducerRecord<>(
                                harness.eventsTopic(), Long.toString(tokenId), CloudEvents.topUp(id, tokenId, 100)))
                        .get()
                        .partition());
        return id;
    }

    private void corrupt(int partition, String key) throws Exception {
        producer.send(new ProducerRecord<>(harness.ledgerTopic(), partition, key, "{not json"))
                .get();
    }

    /** The real gateway client, except that reading one token throws the kind of Error a deep recursion would. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StackOverflowOnOneToken {

        @Bean
        @Primary
        TokenGateway stackOverflowOnOneToken(TokenApiClient client) {
            return new TokenGateway() {
                @Override
                public boolean canActFor(long userId) {
                    return client.canActFor(userId);
                }

                @Override
                public StoredToken read(long userId, long tokenId) {
                    if (tokenId == ERROR_TOKEN) {
                        throw new StackOverflowError();
                    }
                    return client.read(userId, tokenId);
                }

                @Override
                public StoredToken replace(StoredToken current, TokenState desired) {
                    return client.replace(current, desired);
                }

                @Override
                public StoredToken changeStatus(StoredToken current, TokenStatus status) {
                    return client.changeStatus(current, status);
                }
            };
        }
    }
}
