package io.tokenpolicy.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.Intent.Fate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The ledger's records as written and read back, and as the versions before them wrote them. */
class LedgerRecordsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant FORGET_BEFORE = AT.minusSeconds(3600);

    private static final String OLD_INTENT_KEY = "intent/42/evt-1";
    private static final String OLD_INTENT =
            "{\"token_id\":42,\"funded_before\":1000,\"delta\":300,\"event_ids\":[\"evt-1\"]}";

    private final PartitionLedger ledger = new PartitionLedger();

    @Test
    void aProcessedEventIsKnownBySourceAndIdTogether() {
        restore(LedgerRecords.done("ledger", 0, "/billing/eu evt-1", new PartitionLedger.Done("token-events", 17, AT)));

        assertThat(ledger.done("/billing/eu evt-1")).contains(new PartitionLedger.Done("token-events", 17, AT));
        assertThat(ledger.done("/billing/us evt-1")).isEmpty();
    }

    @Test
    void anIdProcessedBeforeSourcesCountedIsProcessedForEverySourceUntilItAgesOut() {
        restore("done/evt-1", "{\"offset\":17,\"at\":\"" + AT + "\"}");
        restore("done/evt-2", "{\"offset\":18,\"at\":\"" + FORGET_BEFORE.minusSeconds(1) + "\"}");

        assertThat(ledger.done("/billing/eu evt-1")).contains(new PartitionLedger.Done(null, 17, AT));
        assertThat(ledger.done("/billing/us evt-1")).contains(new PartitionLedger.Done(null, 17, AT));
        assertThat(ledger.done("/billing/eu evt-2")).isEmpty();
    }

    @Test
    void anIntentNamesItsEventsBySourceAndId() {
        Intent intent = Intent.of(42, List.of("/billing/eu evt-1"), List.of("billing.topup"), 1_000, 300);
        restore(LedgerRecords.intent("ledger", 0, intent));

        assertThat(ledger.openIntents(42, List.of("/billing/us evt-1"))).containsExactly(intent);
    }

    @Test
    void anIntentWrittenBeforeSourcesCountedNamesTheBatchsEventsWithItsIds() {
        restore(
                "intent/42/evt-1",
                "{\"token_id\":42,\"funded_before\":1000,\"delta\":300," + "\"event_ids\":[\"evt-1\",\"evt-2\"]}");

        assertThat(ledger.openIntents(42, List.of("/billing/eu evt-1")))
                .singleElement()
                .satisfies(intent -> assertThat(intent.eventIds()).containsExactly("/billing/eu evt-1", " evt-2"));
        restore("intent/42/evt-1", null);
        assertThat(ledger.openIntents(42, List.of())).isEmpty();
    }

    @Test
    void anIntentWrittenBeforeSourcesCountedKeptByAnotherBatchStillNamesItsEventById() {
        restore(OLD_INTENT_KEY, OLD_INTENT);

        keptByABatchWithout(ledger, "/billing/eu evt-2");

        assertThat(ledger.openIntents(42, List.of("/billing/eu evt-1")))
                .singleElement()
                .satisfies(intent -> assertThat(intent.eventIds()).containsExactly("/billing/eu evt-1"));
    }

    @Test
    void anIntentWrittenBeforeSourcesCountedNamesItsEventByIdOnceWrittenAgainAndRestored() {
        PartitionLedger before = new PartitionLedger();
        LedgerRecords.restore(before, OLD_INTENT_KEY, OLD_INTENT.getBytes(StandardCharsets.UTF_8), 0, FORGET_BEFORE);
        restore(OLD_INTENT_KEY, OLD_INTENT);

        keptByABatchWithout(before, "/billing/eu evt-2").forEach(this::restore);

        assertThat(ledger.openIntents(42, List.of("/billing/eu evt-1")))
                .singleElement()
                .satisfies(intent -> {
                    assertThat(intent.eventIds()).containsExactly("/billing/eu evt-1");
                    assertThat(intent.fate()).isEqualTo(Fate.LANDED);
                });
    }

    @Test
    void anIntentKeepsItsEventTypesUsageReadBeforeFateWhetherItsEventsWereReportedAndItsUnlimitedQuotaChange() {
        Intent intent = Intent.of(
                        42, List.of("/b t-1", "/b t-2"), List.of("billing.topup", "billing.refund"), 1_000, 70)
                .withUsedBefore(30)
                .withUnlimitedWrite(Intent.UnlimitedWrite.MADE_LIMITED, "/b p-1")
                .told(Fate.LANDED)
                .reportedWithoutEffect();

        restore(LedgerRecords.intent("ledger", 0, intent));

        Intent restored = ledger.openIntents(42, List.of()).get(0);
        assertThat(restored).isEqualTo(intent);
        assertThat(restored.typeOf("/b t-2")).isEqualTo("billing.refund");
    }

    @Test
    void anIntentWrittenBeforeFatesWereKeptIsNotToldAndNotReported() {
        restore("intent/42/t-1", "{\"token_id\":42,\"funded_before\":1000,\"delta\":70,\"event_ids\":[\"t-1\"]}");

        assertThat(ledger.openIntents(42, List.of("/b t-1"))).singleElement().satisfies(intent -> {
            assertThat(intent.fate()).isEqualTo(Fate.UNKNOWN);
            assertThat(intent.reported()).isFalse();
            assertThat(intent.typeOf("/b t-1")).isNull();
            assertThat(intent.unlimitedWrite()).isEqualTo(Intent.UnlimitedWrite.UNCHANGED);
        });
    }

    /**
     * A batch told an intent NOT_LANDED and kept it (one of its events was still to come); the next batch wrote the
     * first two events again under a new intent before the first batch's transaction committed. Read back, the told
     * intent must not take the place of the newer one, whose write may have landed.
     */
    @Test
    void anIntentToldAndKeptAfterANewerIntentOfTheSameEventsWasRecordedLeavesTheNewerOneOpen() {
        Intent first = Intent.of(29, List.of("/b t-1", "/b t-2", "/b t-3"), List.of(), 1_000, 60);
        Intent again = Intent.of(29, List.of("/b t-1", "/b t-2"), List.of(), 1_000, 40);

        restore(LedgerRecords.intent("ledger", 0, first), 10);
        restore(LedgerRecords.intent("ledger", 0, again), 12);
        restore(LedgerRecords.intent("ledger", 0, first.told(Fate.NOT_LANDED), 10), 15);

        assertThat(ledger.openIntents(29, List.of())).containsExactly(first.told(Fate.NOT_LANDED), again);
    }

    /**
     * Intents are settled in the order they were recorded: an intent written again later (its events reported without
     * effect, committed after the token's next intent was recorded) keeps its place, also once its first record is
     * compacted away.
     */
    @Test
    void anIntentWrittenAgainKeepsItsPlaceAmongItsTokensIntents() {
        Intent older = Intent.of(29, List.of("/b t-1"), List.of(), 1_000, 60);
        Intent newer = Intent.of(29, List.of("/b t-2"), List.of(), 1_000, 40);
        ProducerRecord<byte[], byte[]> olderReported =
                LedgerRecords.intent("ledger", 0, older.reportedWithoutEffect(), 10);

        restore(LedgerRecords.intent("ledger", 0, older), 10);
        restore(LedgerRecords.intent("ledger", 0, newer), 12);
        restore(olderReported, 15);
        PartitionLedger compacted = new PartitionLedger();
        ProducerRecord<byte[], byte[]> newerRecorded = LedgerRecords.intent("ledger", 0, newer);
        LedgerRecords.restore(compacted, key(newerRecorded), newerRecorded.value(), 12, FORGET_BEFORE);
        LedgerRecords.restore(compacted, key(olderReported), olderReported.value(), 15, FORGET_BEFORE);

        assertThat(ledger.openIntents(29, List.of())).containsExactly(older.reportedWithoutEffect(), newer);
        assertThat(compacted.openIntents(29, List.of())).containsExactly(older.reportedWithoutEffect(), newer);
    }

    /**
     * The versions before keyed an intent by its first event, so one key could be recorded twice: the second recording
     * takes its own place, after an intent recorded between the two.
     */
    @Test
    void anIntentOfTheVersionsBeforeRecordedAgainUnderItsKeyTakesThePlaceOfItsNewRecord() {
        Intent between = Intent.of(42, List.of("/b t-2"), List.of(), 1_000, 5);
        restore(OLD_INTENT_KEY, OLD_INTENT, 10);
        restore(LedgerRecords.intent("ledger", 0, between), 20);
        restore(OLD_INTENT_KEY, OLD_INTENT.replace("1000", "1005"), 30);

        assertThat(ledger.openIntents(42, List.of()))
                .extracting(Intent::fundedBefore)
                .containsExactly(1_000L, 1_005L);
    }

    @Test
    void twoIntentsOfTheSameEventsAndFundedTotalAreTwoIntents() {
        Intent first = Intent.of(29, List.of("/b t-1"), List.of(), 1_000, 60);
        Intent again = Intent.of(29, List.of("/b t-1"), List.of(), 1_000, 60);

        assertThat(first.key()).isNotEqualTo(again.key());
    }

    /** A batch of the token without the intent's event tells it LANDED and keeps it, its event still to come. */
    private static List<ProducerRecord<byte[], byte[]>> keptByABatchWithout(PartitionLedger ledger, String batchEvent) {
        KafkaIntentLog batch = new KafkaIntentLog(
                null, "ledger", 0, ledger, Set.of(batchEvent), Duration.ofSeconds(5), new LedgerVersions());
        batch.settle(batch.open(42).get(0).told(Fate.LANDED), 7);
        return batch.outputs(Set.of());
    }

    private void restore(ProducerRecord<byte[], byte[]> written) {
        restore(written, 0);
    }

    private void restore(ProducerRecord<byte[], byte[]> written, long offset) {
        LedgerRecords.restore(ledger, key(written), written.value(), offset, FORGET_BEFORE);
    }

    private static String key(ProducerRecord<byte[], byte[]> written) {
        return new String(written.key(), StandardCharsets.UTF_8);
    }

    private void restore(String key, String value) {
        restore(key, value, 0);
    }

    private void restore(String key, String value, long offset) {
        LedgerRecords.restore(
                ledger, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), offset, FORGET_BEFORE);
    }
}
