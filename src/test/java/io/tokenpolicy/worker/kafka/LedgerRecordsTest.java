package io.tokenpolicy.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.Intent.Fate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Intents read back from the ledger as they were written, and as older workers wrote them. */
class LedgerRecordsTest {

    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anIntentKeepsItsEventTypesFateAndWhetherItsEventsWereReported() {
        Intent intent = Intent.of(42, List.of("t-1", "t-2"), List.of("billing.topup", "billing.refund"), 1_000, 70)
                .told(Fate.LANDED).reportedWithoutEffect();

        Intent restored = restore(LedgerRecords.intent("ledger", 0, intent));

        assertThat(restored).isEqualTo(intent);
        assertThat(restored.typeOf("t-2")).isEqualTo("billing.refund");
    }

    @Test
    void anIntentWrittenBeforeFatesWereKeptIsNotToldAndNotReported() {
        byte[] older = "{\"token_id\":42,\"funded_before\":1000,\"delta\":70,\"event_ids\":[\"t-1\"]}"
                .getBytes(StandardCharsets.UTF_8);
        PartitionLedger ledger = new PartitionLedger();

        LedgerRecords.restore(ledger, "intent/42/t-1", older, LONG_AGO);

        assertThat(ledger.openIntents(42)).singleElement().satisfies(intent -> {
            assertThat(intent.fate()).isEqualTo(Fate.UNKNOWN);
            assertThat(intent.reported()).isFalse();
            assertThat(intent.typeOf("t-1")).isNull();
        });
    }

    private static Intent restore(ProducerRecord<byte[], byte[]> record) {
        PartitionLedger ledger = new PartitionLedger();
        LedgerRecords.restore(ledger, new String(record.key(), StandardCharsets.UTF_8), record.value(), LONG_AGO);
        return ledger.openIntents(42).get(0);
    }
}
