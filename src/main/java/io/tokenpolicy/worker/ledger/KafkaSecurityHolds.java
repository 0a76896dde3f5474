package io.tokenpolicy.worker.ledger;

import io.tokenpolicy.worker.apply.SecurityFacts;
import io.tokenpolicy.worker.apply.SecurityHolds;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The security facts (holds, stops, pending narrowings, models caps) of one batch's tokens, on the partition's
 * ledger: read from what was restored, and each change published with the outcome of the event that made it, in the
 * same transaction.
 */
public final class KafkaSecurityHolds implements SecurityHolds {

    private final String ledgerTopic;
    private final int partition;
    private final PartitionLedger ledger;
    private final Instant forgetBefore;
    private final Clock clock;
    private final LedgerVersions versions;
    private final Map<String, ProducerRecord<byte[], byte[]>> byEvent = new HashMap<>();

    KafkaSecurityHolds(
            String ledgerTopic,
            int partition,
            PartitionLedger ledger,
            Instant forgetBefore,
            Clock clock,
            LedgerVersions versions) {
        this.ledgerTopic = ledgerTopic;
        this.partition = partition;
        this.ledger = ledger;
        this.forgetBefore = forgetBefore;
        this.clock = clock;
        this.versions = versions;
    }

    /**
     * Facts written within the dedup window: facts older than the ledger keeps are not trusted, whether compacted yet
     * or not, and the token is no business of the security lane's any more.
     */
    @Override
    public SecurityFacts facts(long userId, long tokenId) {
        return ledger.security(userId, tokenId)
                .filter(remembered -> remembered.at().isAfter(forgetBefore))
                .map(PartitionLedger.Remembered::facts)
                .orElse(SecurityFacts.NONE);
    }

    @Override
    public void record(long userId, long tokenId, SecurityFacts facts, String eventKey) {
        Instant at = clock.instant();
        if (facts.isEmpty()) {
            ledger.forgetSecurity(userId, tokenId);
        } else {
            ledger.remember(userId, tokenId, facts, at);
        }
        byEvent.put(
                eventKey,
                versions.stamped(LedgerRecords.securityFacts(
                        ledgerTopic, partition, userId, tokenId, facts.isEmpty() ? null : facts, at)));
    }

    /** The ledger record to publish with this event's outcome, if its event changed a hold. */
    public List<ProducerRecord<byte[], byte[]>> outputsOf(String eventKey) {
        ProducerRecord<byte[], byte[]> record = byEvent.remove(eventKey);
        return record == null ? List.of() : List.of(record);
    }
}
