package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import io.tokenpolicy.worker.sandbox.SaslKafkaBroker;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The worker against a broker that admits only SASL-authenticated clients, configured with
 * nothing but the standard {@code spring.kafka.security.protocol} and
 * {@code spring.kafka.properties.sasl.*} settings: its consumer, transactional producer,
 * intent producer, ledger reader and admin client all authenticate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslKafkaIT {

    private static final long USER = 41;
    private static final String ACCESS_TOKEN = "sasl-it-" + UUID.randomUUID();

    private final TokenApiEmulator gateway = TokenApiEmulator.start(0).addUser(USER, ACCESS_TOKEN);
    private SaslKafkaBroker broker;

    @BeforeAll
    void startBroker() {
        broker = SaslKafkaBroker.start(Map.of("plain-worker", "plain-secret"));
        broker.addScramUser("scram-worker", "scram-secret");
    }

    @AfterAll
    void stopBroker() {
        broker.close();
        gateway.close();
    }

    @Test
    void workerAuthenticatedWithScramSha256AppliesAnEvent() {
        appliesATopUpAs("SCRAM-SHA-256", "scram-worker", "scram-secret", 1);
    }

    @Test
    void workerAuthenticatedWithPlainAppliesAnEvent() {
        appliesATopUpAs("PLAIN", "plain-worker", "plain-secret", 2);
    }

    private void appliesATopUpAs(String mechanism, String user, String password, long tokenId) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        gateway.addToken(
                EmulatedToken.forUser(USER).id(tokenId).remainQuota(1_000).build());
        Map<String, Object> client = broker.clientSettings(mechanism, user, password);
        String id = "sasl-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(client, new StringSerializer(), new StringSerializer());
                Outcomes outcomes = new Outcomes(client, WorkerSettings.outcomesTopic(run));
                WorkerProcess worker = WorkerProcess.start(settings(run, client))) {
            producer.send(new ProducerRecord<>(
                    WorkerSettings.eventsTopic(run), Long.toString(tokenId), CloudEvents.topUp(id, tokenId, 250)));

            assertThat(outcomes.awaitFor(id).path("result").asText()).isEqualTo("APPLIED");
        }
        assertThat(gateway.token(tokenId).remainQuota()).isEqualTo(1_250);
    }

    private Map<String, Object> settings(String run, Map<String, Object> client) {
        Map<String, Object> settings = WorkerSettings.of(broker.bootstrapServers(), run, gateway, USER, ACCESS_TOKEN);
        settings.put("spring.kafka.security.protocol", client.get("security.protocol"));
        settings.put("spring.kafka.properties.sasl.mechanism", client.get("sasl.mechanism"));
        settings.put("spring.kafka.properties.sasl.jaas.config", client.get("sasl.jaas.config"));
        return settings;
    }
}
