package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.KafkaServerProcess;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.Producers;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A worker started before its Kafka broker answers, as an orchestrator starts both at once or restarts the worker
 * during a broker's restart: it waits for the broker, then applies events, instead of exiting.
 */
@RunsBesideOthers
class StartBeforeKafkaIT {

    private static final long USER = 61;

    @Test
    void aWorkerStartedWhileTheBrokerIsDownWaitsForItAndThenAppliesEvents() throws Exception {
        String run = "start-before-kafka-" + UUID.randomUUID().toString().substring(0, 8);
        String access = "access-" + UUID.randomUUID();
        try (KafkaServerProcess broker = KafkaServerProcess.formatted(run, 3);
                TokenApiEmulator gateway = TokenApiEmulator.start(0).addUser(USER, access)) {
            EmulatedToken token = gateway.addToken(
                    EmulatedToken.forUser(USER).remainQuota(500).build());
            Map<String, Object> settings = WorkerSettings.of(broker.brokers(), run, gateway, USER, access);
            settings.put("token-policy.topics.startup-wait", "2m");
            try (WorkerJvm worker = WorkerJvm.start(run, settings)) {
                await("the worker saying it waits for Kafka")
                        .atMost(Duration.ofSeconds(90))
                        .until(() -> worker.output().contains("waiting for Kafka"));
                assertThat(worker.isAlive()).as("the worker still running").isTrue();

                broker.start();
                String id = "evt-" + UUID.randomUUID();
                try (KafkaProducer<String, String> producer = Producers.strings(broker.brokers());
                        Outcomes outcomes = new Outcomes(broker.brokers(), WorkerSettings.outcomesTopic(run))) {
                    await("the worker creating its topics")
                            .atMost(Duration.ofSeconds(90))
                            .until(() -> worker.output().contains("created topic " + WorkerSettings.eventsTopic(run)));
                    producer.send(new ProducerRecord<>(
                                    WorkerSettings.eventsTopic(run),
                                    Long.toString(token.id()),
                                    CloudEvents.topUp(id, token.id(), 250)))
                            .get();

                    assertThat(outcomes.awaitAll(List.of(id))
                                    .get(0)
                                    .path("result")
                                    .asText())
                            .isEqualTo("APPLIED");
                }
                assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(750);
            }
        }
    }
}
