package io.tokenpolicy.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TriageTest {

    private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");
    private static final TokenEvent INCIDENT = new TokenEvent(
            new EventEnvelope("/security/soc", "evt-1", "security.incident", AT, 42, 1), EventData.EMPTY);

    private final PartitionLedger ledger = new PartitionLedger();

    @Test
    void theSameRecordDeliveredAgainIsRedelivered() {
        ledger.done(INCIDENT.envelope().idempotencyKey(), new PartitionLedger.Done("token-security-events", 17, AT));

        assertThat(kindOf(record("token-security-events", 17))).isEqualTo(Triage.Kind.REDELIVERED);
    }

    @Test
    void sameOffsetOnTheOtherTopicIsNotTheSameRecord() {
        ledger.done(INCIDENT.envelope().idempotencyKey(), new PartitionLedger.Done("token-events", 17, AT));

        assertThat(kindOf(record("token-security-events", 17))).isEqualTo(Triage.Kind.DUPLICATE);
    }

    @Test
    void anEntryWrittenBeforeThereWereTwoTopicsIsMatchedByItsOffset() {
        ledger.done(INCIDENT.envelope().idempotencyKey(), new PartitionLedger.Done(null, 17, AT));

        assertThat(kindOf(record("token-events", 17))).isEqualTo(Triage.Kind.REDELIVERED);
    }

    @Test
    void inADryRunTheRecordTheRealRunProcessedIsADuplicate() {
        ledger.done(INCIDENT.envelope().idempotencyKey(), new PartitionLedger.Done("token-security-events", 17, AT));

        Triage triage = new Triage(ledger, AT.minusSeconds(60), true);
        triage.sort(record("token-security-events", 17), new ReadResult.Readable(INCIDENT));

        assertThat(triage.sorted().get(0).kind()).isEqualTo(Triage.Kind.DUPLICATE);
    }

    private Triage.Kind kindOf(ConsumerRecord<byte[], byte[]> record) {
        Triage triage = new Triage(ledger, AT.minusSeconds(60), false);
        triage.sort(record, new ReadResult.Readable(INCIDENT));
        return triage.sorted().get(0).kind();
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, long offset) {
        return new ConsumerRecord<>(topic, 0, offset, "42".getBytes(), new byte[0]);
    }
}
