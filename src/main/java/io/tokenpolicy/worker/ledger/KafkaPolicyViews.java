package io.tokenpolicy.worker.ledger;

import io.tokenpolicy.worker.apply.PolicyViews;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.policy.PolicyView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The policy's view of one batch's tokens, on partition p of the policy-view topic (compacted, kept without expiry):
 * read from what was restored, and each change published with the outcome of the event that carried it, in the same
 * transaction, stamped as the newest version of its key ({@link LedgerVersions}): a batch of the token's on the
 * security topic may commit before an earlier one on the events topic, whose older view must not be read back last.
 */
public final class KafkaPolicyViews implements PolicyViews {

    private final String viewTopic;
    private final int partition;
    private final PartitionLedger ledger;
    private final Clock clock;
    private final LedgerVersions versions;
    private final Map<String, ProducerRecord<byte[], byte[]>> byEvent = new HashMap<>();

    KafkaPolicyViews(String viewTopic, int partition, PartitionLedger ledger, Clock clock, LedgerVersions versions) {
        this.viewTopic = viewTopic;
        this.partition = partition;
        this.ledger = ledger;
        this.clock = clock;
        this.versions = versions;
    }

    @Override
    public PolicyView view(long userId, long tokenId) {
        return ledger.view(userId, tokenId);
    }

    @Override
    public void record(long userId, long tokenId, PolicyView view, String eventKey) {
        ledger.view(userId, tokenId, view);
        byEvent.put(
                eventKey,
                versions.stamped(new ProducerRecord<>(
                        viewTopic,
                        partition,
                        key(userId, tokenId),
                        Json.bytes(PolicyViewJson.write(userId, tokenId, view, eventKey, clock.instant())))));
    }

    /** The record key of a token's view: {@code <user id>/<token id>}. */
    public static byte[] key(long userId, long tokenId) {
        return (userId + "/" + tokenId).getBytes(StandardCharsets.UTF_8);
    }

    /** The view record to publish with this event's outcome, if the view changed with it. */
    public List<ProducerRecord<byte[], byte[]>> outputsOf(String eventKey) {
        ProducerRecord<byte[], byte[]> record = byEvent.remove(eventKey);
        return record == null ? List.of() : List.of(record);
    }
}
