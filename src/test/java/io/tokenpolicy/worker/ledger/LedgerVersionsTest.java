package io.tokenpolicy.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.Intent.Fate;
import io.tokenpolicy.worker.apply.SecurityFacts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A token's batches on the events topic and on the security topic commit each with their own partition, so a later
 * batch can commit first: what it wrote of a key must not be undone by the earlier batch's record of the same key.
 */
class LedgerVersionsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Instant WINDOW_START = NOW.minus(Duration.ofDays(7));

    private final LedgerVersions versions = new LedgerVersions();
    private final PartitionLedger memory = new PartitionLedger();
    private final List<ProducerRecord<byte[], byte[]>> ledgerTopic = new ArrayList<>();

    @Test
    void aHoldWrittenAfterABillingBatchsFactsIsNotUndoneWhenThatBatchCommitsLater() {
        List<ProducerRecord<byte[], byte[]>> billing =
                factsWrittenBy("sub-1", SecurityFacts.NONE.withBillingStop(true));
        List<ProducerRecord<byte[], byte[]>> security = factsWrittenBy("inc-1", SecurityFacts.heldOnly());

        publish(security);
        publish(billing);

        assertThat(restored().security(7, 42).orElseThrow().facts()).isEqualTo(SecurityFacts.heldOnly());
    }

    @Test
    void anIntentClosedByALaterBatchIsNotReopenedByTheEarlierBatchCommittingAfterIt() {
        Intent written = Intent.of(42, List.of("/b t-1", "/b t-2"), List.of(), 1_000, 60);
        ledgerTopic.add(LedgerRecords.intent("ledger", 2, written));
        memory.recorded(written, 0);
        List<ProducerRecord<byte[], byte[]>> keptByTheFirst = toldLandedByABatchOf("/b t-1");
        List<ProducerRecord<byte[], byte[]>> closedByTheNext = toldLandedByABatchOf("/b t-2");

        publish(closedByTheNext);
        publish(keptByTheFirst);

        assertThat(memory.openIntents(42, List.of())).isEmpty();
        assertThat(restored().openIntents(42, List.of())).isEmpty();
    }

    @Test
    void ofTwoVersionsOfAKeyInOneTransactionOnlyTheNewerIsPublished() {
        List<ProducerRecord<byte[], byte[]>> billing =
                factsWrittenBy("sub-1", SecurityFacts.NONE.withBillingStop(true));
        List<ProducerRecord<byte[], byte[]>> security = factsWrittenBy("inc-1", SecurityFacts.heldOnly());
        ProducerRecord<byte[], byte[]> outcome = new ProducerRecord<>("token-outcomes", new byte[] {1}, new byte[] {2});

        List<ProducerRecord<byte[], byte[]>> oneTransaction = new ArrayList<>(security);
        oneTransaction.addAll(billing);
        oneTransaction.add(outcome);

        assertThat(versions.latest(oneTransaction)).containsExactly(security.get(0), outcome);
    }

    @Test
    void aKeyIsForgottenOnceNoOlderVersionCanStillBeWaiting() {
        List<ProducerRecord<byte[], byte[]>> first = factsWrittenBy("inc-1", SecurityFacts.heldOnly());
        List<ProducerRecord<byte[], byte[]>> second = factsWrittenBy("res-1", SecurityFacts.NONE);
        versions.latest(second);

        versions.forgetBefore(LedgerVersions.version(second.get(0)) + 1);

        assertThat(versions.latest(first)).containsExactlyElementsOf(first);
    }

    private List<ProducerRecord<byte[], byte[]>> factsWrittenBy(String event, SecurityFacts facts) {
        KafkaSecurityHolds holds =
                new KafkaSecurityHolds("ledger", 2, memory, WINDOW_START, Clock.fixed(NOW, ZoneOffset.UTC), versions);
        holds.record(7, 42, facts, event);
        return holds.outputsOf(event);
    }

    /** A batch holding one of the intent's events tells it LANDED: kept while another is still to come, else closed. */
    private List<ProducerRecord<byte[], byte[]>> toldLandedByABatchOf(String event) {
        KafkaIntentLog batch =
                new KafkaIntentLog(null, "ledger", 2, memory, Set.of(event), Duration.ofSeconds(5), versions);
        batch.settle(batch.open(42).get(0).told(Fate.LANDED), 7);
        List<ProducerRecord<byte[], byte[]>> outputs = batch.outputs(Set.of());
        memory.done(event, new PartitionLedger.Done("token-events", 1, NOW));
        return outputs;
    }

    private void publish(List<ProducerRecord<byte[], byte[]>> transaction) {
        ledgerTopic.addAll(versions.latest(transaction));
    }

    private PartitionLedger restored() {
        PartitionLedger restored = new PartitionLedger();
        for (int offset = 0; offset < ledgerTopic.size(); offset++) {
            ProducerRecord<byte[], byte[]> record = ledgerTopic.get(offset);
            LedgerRecords.restore(
                    restored, new String(record.key(), StandardCharsets.UTF_8), record.value(), offset, WINDOW_START);
        }
        return restored;
    }
}
