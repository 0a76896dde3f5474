package io.tokenpolicy.worker.events;

import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition rule: a token's events are applied, and deduplicated, on one partition only, its own: the
 * partition Kafka's Java producer gives the token id key by default (murmur2 of the key's bytes, made
 * positive, modulo the events topic's partition count). A producer with another partitioner (CRC32 in
 * librdkafka clients) puts some of a token's events elsewhere; each such record is forwarded to its token's
 * partition and answered there. The token is the one the record key names, without reading the record: the
 * key is what producers partition by. A record whose key is missing or names no token is refused wherever it is
 * found, which needs no order, and so is one over the input cap; one whose key disagrees with
 * {@code data.token_id} is forwarded to the key's partition and refused there.
 */
public final class PartitionRule {

    private final long maxRecordBytes;
    private volatile int partitions;

    public PartitionRule(long maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The events topic's partition count, read again at every assignment (partitions added to the topic cause one). */
    public void partitions(int count) {
        partitions = count;
    }

    /** The record's token's own partition when the record was found on another one; empty when it is in its place. */
    public OptionalInt elsewhere(ConsumerRecord<byte[], byte[]> record) {
        int count = partitions;
        if (count == 0 || RecordKey.tokenId(record.key()) == null || RecordSize.of(record) > maxRecordBytes) {
            return OptionalInt.empty();
        }
        int own = ownPartition(record.key(), count);
        return own == record.partition() ? OptionalInt.empty() : OptionalInt.of(own);
    }

    /** Kafka's own rule for a keyed record, as its Java producer's default partitioner applies it. */
    public static int ownPartition(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}
