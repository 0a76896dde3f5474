package io.tokenpolicy.worker.ledger;

import io.tokenpolicy.worker.apply.SecurityHolds;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The security holds of one batch's tokens, on the partition's ledger: read from what was restored,
 * and each change published with the outcome of the event that made it, in the same transaction.
 */
public final class KafkaSecurityHolds implements SecurityHolds {

    private final String ledgerTopic;
    private final int partition;
    private final PartitionLedger ledger;
    private final Instant forgetBefore;
    private final Clock clock;
    private final Map<String, ProducerRecord<byte[], byte[]>> byEvent = new HashMap<>();

    KafkaSecurityHolds(String ledgerTopic, int partition, PartitionLedger ledger, Instant forgetBefore, Clock clock) {
        this.ledgerTopic = ledgerTopic;
        this.partition = partition;
        this.ledger = ledger;
        this.forgetBefore = forgetBefore;
        this.clock = clock;
    }

    /** Held within the dedup window: a hold older than the ledger keeps is not trusted, whether compacted yet or not. */
    @Override
    public boolean held(long userId, long tokenId) {
        return ledger.heldSince(userId, tokenId)
                .filter(since -> since.isAfter(forgetBefore))
                .isPresent();
    }

    @Override
    public void record(long userId, long tokenId, boolean held, String eventKey) {
        Instant at = clock.instant();
        if (held) {
            ledger.hold(userId, tokenId, at);
        } else {
            ledger.release(userId, tokenId);
        }
        byEvent.put(eventKey, LedgerRecords.securityHold(ledgerTopic, partition, userId, tokenId, held ? at : null));
    }

    /** The ledger record to publish with this event's outcome, if its event changed a hold. */
    public List<ProducerRecord<byte[], byte[]>> outputsOf(String eventKey) {
        ProducerRecord<byte[], byte[]> record = byEvent.remove(eventKey);
        return record == null ? List.of() : List.of(record);
    }
}
