package io.tokenpolicy.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * The two topics' partitions commit independently, so an intent closed only with its batch's outcomes can still be
     * open on the ledger after a batch of its token on the other topic committed a top-up under an intent of its own:
     * after a crash, the next batch would tell the first intent from a funded total the top-up moved (the chaos run's
     * tokens 154 and 138 below the model). One that only guards usage (no events, no quota moved, no flag changed) is
     * closed at once instead, acknowledged, before its batch ends.
     */
    @Test
    void anIntentThatOnlyGuardsUsageIsClosedBeforeItsBatchsOutcomes() {
        harness.broker()
                .addTopics(new NewTopic(ledger, 1, (short) 1), new NewTopic(harness.policyViewTopic(), 1, (short) 1));
        try (KafkaProducer<byte[], byte[]> intents = intentProducer()) {
            KafkaIntentLog narrowing = intentLog(intents, "/security ip-1");
            narrowing.record(Intent.of(42, List.of(), List.of(), 350_000, 0).withUsedBefore(250_000));

            assertThat(narrowing.outputs(Set.of()))
                    .as("records left to the outcomes' transaction")
                    .isEmpty();
        }
        try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
            assertThat(restorer.restore(List.of(0)).get(0).openIntents(42, Set.of()))
                    .isEmpty();
        }
    }

    /** A top-up's intent stays open until its outcome is committed: a crash before that tells it to the event again. */
    @Test
    void anIntentThatMovesTheQuotaIsClosedWithItsBatchsOutcomes() {
        harness.broker()
                .addTopics(new NewTopic(ledger, 1, (short) 1), new NewTopic(harness.policyViewTopic(), 1, (short) 1));
        try (KafkaProducer<byte[], byte[]> intents = intentProducer()) {
            KafkaIntentLog topUp = intentLog(intents, "/billing t-1");
            topUp.record(Intent.of(42, List.of("/billing t-1"), List.of("billing.topup"), 350_000, 20_000));

            assertThat(topUp.outputs(Set.of())).hasSize(1);
        }
        try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
            assertThat(restorer.restore(List.of(0)).get(0).openIntents(42, Set.of()))
                    .hasSize(1);
        }
    }

    private KafkaIntentLog intentLog(KafkaProducer<byte[], byte[]> producer, String batchEventKey) {
        return new KafkaIntentLog(
                producer,
                ledger,
                0,
                new PartitionLedger(),
                Set.of(batchEventKey),
                Duration.ofSeconds(10),
                new LedgerVersions());
    }

    private KafkaProducer<byte[], byte[]> intentProducer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.brokers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
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
