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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
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
        ledgerAndPolicyViewTopics();
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
        ledgerAndPolicyViewTopics();
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
        ledgerAndPolicyViewTopics();
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
        ledgerAndPolicyViewTopics();
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

    /**
     * A close the ledger cannot take at once leaves the intent open, in memory and on the ledger, as a crash would:
     * the token's next batch, on either topic, tells it and closes it before recording an intent of its own. Closed
     * only with the outcomes of its batch, it could be open on the ledger after that next batch committed a top-up.
     */
    @Test
    void anIntentThatOnlyGuardsUsageWhoseCloseFailedIsClosedByTheTokensNextBatch() {
        ledgerAndPolicyViewTopics();
        PartitionLedger memory = new PartitionLedger();
        try (FailingOnce intents = new FailingOnce(harness.brokers(), FailingOnce.Failure.FIRST_CLOSE)) {
            KafkaIntentLog narrowing = intentLog(intents, memory, "/security ip-1");
            Intent guard = Intent.of(42, List.of(), List.of(), 350_000, 0).withUsedBefore(250_000);
            narrowing.record(guard);
            assertThat(narrowing.outputs(Set.of())).isEmpty();

            KafkaIntentLog topUp = intentLog(intents, memory, "/billing t-1");
            assertThat(topUp.open(42)).as("open for the next batch to tell").containsExactly(guard);
            topUp.settle(guard.told(Intent.Fate.NOT_LANDED), 41);
            topUp.record(Intent.of(42, List.of("/billing t-1"), List.of("billing.topup"), 350_000, 20_000));
            publishCommitted(topUp.outputs(Set.of()));
        }
        try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
            assertThat(restorer.restore(List.of(0)).get(0).openIntents(42, Set.of()))
                    .isEmpty();
        }
    }

    /**
     * A guard intent told landed stays open until its batch has taken back what its write overwrote: closed as it is
     * told, a crash before that correction would keep the usage for good.
     */
    @Test
    void aGuardIntentToldLandedStaysOpenUntilItsBatchEnds() {
        ledgerAndPolicyViewTopics();
        PartitionLedger memory = new PartitionLedger();
        Intent guard = Intent.of(42, List.of(), List.of(), 350_000, 0).withUsedBefore(250_000);
        try (KafkaProducer<byte[], byte[]> intents = intentProducer()) {
            intentLog(intents, memory, "/security ip-1").record(guard);
            KafkaIntentLog next = intentLog(intents, memory, "/security ip-2");
            next.settle(guard.told(Intent.Fate.LANDED), 41);

            try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
                assertThat(restorer.restore(List.of(0)).get(0).openIntents(42, Set.of()))
                        .as("after a crash here")
                        .hasSize(1);
            }
            assertThat(next.outputs(Set.of())).isEmpty();
        }
        try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
            assertThat(restorer.restore(List.of(0)).get(0).openIntents(42, Set.of()))
                    .isEmpty();
        }
    }

    /**
     * A plan's intent that changes only the flag names no event, but the plan that decided it: when the plan ended
     * without effect, the intent is kept and marked reported, so that its write, should it land late over usage, is
     * told by the token's next batch.
     */
    @Test
    void aPlansIntentIsKeptWhenThePlanEndedWithoutEffect() {
        ledgerAndPolicyViewTopics();
        PartitionLedger memory = new PartitionLedger();
        try (KafkaProducer<byte[], byte[]> intents = intentProducer()) {
            KafkaIntentLog planBatch = intentLog(intents, memory, "/billing p-1");
            planBatch.record(Intent.of(42, List.of(), List.of(), 1_000, 0)
                    .withUnlimitedWrite(Intent.UnlimitedWrite.MADE_LIMITED, "/billing p-1"));
            planBatch.outputs(Set.of("/billing p-1"));

            assertThat(intentLog(intents, memory, "/billing t-1").open(42))
                    .singleElement()
                    .satisfies(plan -> assertThat(plan.reported()).isTrue());
        }
    }

    /** While the guard intent a batch told cannot be closed, the batch writes no top-up: it is not recorded. */
    @Test
    void aTopUpIsNotRecordedWhileAGuardIntentItsBatchToldStaysOpen() {
        ledgerAndPolicyViewTopics();
        PartitionLedger memory = new PartitionLedger();
        try (FailingOnce intents = new FailingOnce(harness.brokers(), FailingOnce.Failure.EVERY_CLOSE)) {
            KafkaIntentLog narrowing = intentLog(intents, memory, "/security ip-1");
            Intent guard = Intent.of(42, List.of(), List.of(), 350_000, 0).withUsedBefore(250_000);
            narrowing.record(guard);
            narrowing.outputs(Set.of());

            KafkaIntentLog topUp = intentLog(intents, memory, "/billing t-1");
            topUp.settle(guard.told(Intent.Fate.NOT_LANDED), 41);
            assertThatThrownBy(() -> topUp.record(
                            Intent.of(42, List.of("/billing t-1"), List.of("billing.topup"), 350_000, 20_000)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was not written");
        }
    }

    /**
     * A batch that ended without effect (its write unanswered until the budget was spent) may still see that write land
     * later, over usage: its guard intent stays open, so that the token's next batch, which reads only once the write
     * has settled, tells it from the funded total and takes back what the late write overwrote.
     */
    @Test
    void anIntentThatOnlyGuardsUsageOfABatchThatEndedWithoutEffectStaysOpen() {
        ledgerAndPolicyViewTopics();
        PartitionLedger memory = new PartitionLedger();
        Intent guard = Intent.of(42, List.of(), List.of(), 350_000, 0).withUsedBefore(250_000);
        try (KafkaProducer<byte[], byte[]> intents = intentProducer()) {
            KafkaIntentLog narrowing = intentLog(intents, memory, "/security ip-1");
            narrowing.record(guard);

            assertThat(narrowing.outputs(Set.of("/security ip-1"))).isEmpty();
            assertThat(intentLog(intents, memory, "/security ip-2").open(42)).containsExactly(guard);
        }
        try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
            assertThat(restorer.restore(List.of(0)).get(0).openIntents(42, Set.of()))
                    .hasSize(1);
        }
    }

    /**
     * An intent that only guards usage, not acknowledged in time although the broker appended it: its write went out
     * without it, and its batch closes it all the same, so that no later restore tells it from a funded total the
     * top-ups since have moved.
     */
    @Test
    void anIntentThatOnlyGuardsUsageGivenUpButAppendedIsClosedByItsBatch() {
        ledgerAndPolicyViewTopics();
        try (FailingOnce intents = new FailingOnce(harness.brokers(), FailingOnce.Failure.FIRST_ACKNOWLEDGEMENT)) {
            KafkaIntentLog narrowing = intentLog(intents, new PartitionLedger(), "/security ip-1");
            Intent guard = Intent.of(42, List.of(), List.of(), 350_000, 0).withUsedBefore(250_000);
            assertThatThrownBy(() -> narrowing.record(guard)).isInstanceOf(IllegalStateException.class);
            assertThat(narrowing.outputs(Set.of())).isEmpty();
        }
        try (LedgerRestorer restorer = restorer(Duration.ofSeconds(10))) {
            assertThat(restorer.restore(List.of(0)).get(0).openIntents(42, Set.of()))
                    .isEmpty();
        }
    }

    private void publishCommitted(List<ProducerRecord<byte[], byte[]>> outputs) {
        try (KafkaProducer<byte[], byte[]> owner = transactionalProducer()) {
            owner.initTransactions();
            owner.beginTransaction();
            outputs.forEach(owner::send);
            owner.commitTransaction();
        }
    }

    private KafkaIntentLog intentLog(KafkaProducer<byte[], byte[]> producer, String batchEventKey) {
        return intentLog(producer, new PartitionLedger(), batchEventKey);
    }

    private KafkaIntentLog intentLog(
            KafkaProducer<byte[], byte[]> producer, PartitionLedger memory, String batchEventKey) {
        return new KafkaIntentLog(
                producer, ledger, 0, memory, Set.of(batchEventKey), Duration.ofSeconds(10), new LedgerVersions());
    }

    /** A real producer whose first closes fail unsent, or whose first intent is appended but acknowledged too late. */
    private static final class FailingOnce extends KafkaProducer<byte[], byte[]> {

        enum Failure {
            FIRST_CLOSE,
            EVERY_CLOSE,
            FIRST_ACKNOWLEDGEMENT
        }

        private final Failure failure;
        private boolean failed;

        FailingOnce(String brokers, Failure failure) {
            super(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                    new ByteArraySerializer(),
                    new ByteArraySerializer());
            this.failure = failure;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            if (record.value() == null && failure == Failure.EVERY_CLOSE) {
                return CompletableFuture.failedFuture(new TimeoutException("the ledger did not answer in time"));
            }
            if (failed) {
                return super.send(record);
            }
            if (failure == Failure.FIRST_CLOSE && record.value() == null) {
                failed = true;
                return CompletableFuture.failedFuture(new TimeoutException("the ledger did not answer in time"));
            }
            if (failure == Failure.FIRST_ACKNOWLEDGEMENT && record.value() != null) {
                failed = true;
                Future<RecordMetadata> appended = super.send(record);
                return new CompletableFuture<>() {
                    @Override
                    public RecordMetadata get(long timeout, TimeUnit unit)
                            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
                        appended.get();
                        throw new java.util.concurrent.TimeoutException("acknowledged after the send timeout");
                    }
                };
            }
            return super.send(record);
        }
    }

    private KafkaProducer<byte[], byte[]> intentProducer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.brokers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private void ledgerAndPolicyViewTopics() {
        harness.broker()
                .addTopics(new NewTopic(ledger, 1, (short) 1), new NewTopic(harness.policyViewTopic(), 1, (short) 1));
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
