package io.tokenpolicy.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;

/** The restorer never takes a ledger partition with an open transaction for complete, and restores the policy view. */
@WorkerHarness(partitions = 1)
class LedgerRestorerIT {

    private final Harness harness;
    private final String ledger;

    LedgerRestorerIT(Harness harness) {
        this.harness = harness;
        this.ledger = harness.ledgerTopic();
    }

    @Test
    void aTransactionStillOpenAfterTheRestoreTimeoutFailsTheRestoreUntilItEnds() {
        harness.broker()
                .addTopics(new NewTopic(ledger, 1, (short) 1), new NewTopic(harness.policyViewTopic(), 1, (short) 1));
        try (KafkaProducer<byte[], byte[]> owner = transactionalProducer()) {
            owner.initTransactions();
            owner.beginTransaction();
            owner.send(LedgerRecords.done(
                    ledger, 0, "evt-in-flight", new PartitionLedger.Done("token-events", 42, Instant.now())));
            owner.flush();

            try (LedgerRestorer restorer = restorer(Duration.ofSeconds(1))) {
                assertThatThrownBy(() -> restorer.restore(List.of(0)))
                        .isInstanceOf(KafkaException.class)
                        .hasMessageContaining("a transaction is still open")
                        .hasMessageContaining("not read as complete");
            }
            owner.commitTransaction();
        }
        try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
            assertThat(restorer.restore(List.of(0)).get(0).done("evt-in-flight"))
                    .isPresent();
        }
    }

    @Test
    void thePolicyViewOfThePartitionIsRestoredWithItsLedger() {
        harness.broker()
                .addTopics(new NewTopic(ledger, 1, (short) 1), new NewTopic(harness.policyViewTopic(), 1, (short) 1));
        KafkaPolicyViews views = new KafkaPolicyViews(
                harness.policyViewTopic(), 0, new PartitionLedger(), Clock.systemUTC(), new LedgerVersions());
        views.record(7, 42, PolicyViewLedgerTest.EVERY_FIELD, "/security i-1");
        try (KafkaProducer<byte[], byte[]> owner = transactionalProducer()) {
            owner.initTransactions();
            owner.beginTransaction();
            views.outputsOf("/security i-1").forEach(owner::send);
            owner.commitTransaction();
        }
        try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
            assertThat(restorer.restore(List.of(0)).get(0).view(7, 42)).isEqualTo(PolicyViewLedgerTest.EVERY_FIELD);
        }
    }

    private LedgerRestorer restorer(Duration timeout) {
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.brokers());
        KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        harness.brokers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        return new LedgerRestorer(
                Admin.create(client),
                reader,
                ledger,
                harness.policyViewTopic(),
                Duration.ofDays(7),
                timeout,
                Clock.systemUTC(),
                new WorkerMetrics(new SimpleMeterRegistry()));
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        harness.brokers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "owner-" + ledger,
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        60_000),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }
}
