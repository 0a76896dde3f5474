package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.ledger.LedgerVersions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Publishes what finished records produced (outcomes, dead letters, ledger entries, copies
 * forwarded to their token's partition) in one
 * Kafka transaction with the input offsets that cover them, and only those: a record's
 * outputs wait until every record before it in its partition has finished too. So after a
 * crash each record has its outcome and its committed offset both, or neither, and no
 * record ever gets a second outcome. A ledger record that a newer version of its key, committed from another
 * partition first, supersedes is left out ({@link LedgerVersions}). Used by the polling thread only; a failed transaction
 * is thrown, and the polling loop starts over from the last committed state.
 */
public final class TransactionalOutput implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final PublishLatency latency;
    private final LedgerVersions versions;
    private final Map<TopicPartition, TreeMap<Long, Waiting>> pending = new HashMap<>();
    /** How many records of each version wait in {@link #pending}, so that the oldest is found without a scan. */
    private final TreeMap<Long, Integer> waitingVersions = new TreeMap<>();
    /** Bytes of the records in {@link #pending}. */
    private long waitingBytes;

    public TransactionalOutput(Producer<byte[], byte[]> producer, PublishLatency latency, LedgerVersions versions) {
        this.producer = producer;
        this.latency = latency;
        this.versions = versions;
        producer.initTransactions();
    }

    /** A finished record's outputs; the latency to its outcome is timed unless it was forwarded to be answered elsewhere. */
    public void add(TopicPartition partition, Finished done) {
        long offset = done.record().offset();
        if (!done.forwarded()) {
            latency.finished(partition, offset, done.record().timestamp());
        }
        Waiting waiting = Waiting.of(done.outputs());
        pending.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, waiting);
        count(waiting.versions(), 1);
        waitingBytes += waiting.bytes();
    }

    public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        if (offsets.isEmpty()) {
            return;
        }
        producer.beginTransaction();
        versions.latest(covered(offsets)).forEach(producer::send);
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
        latency.published(offsets);
        versions.forgetBefore(oldestWaitingVersion());
    }

    /** The oldest version of a rewritten ledger record still waiting for its transaction ({@link LedgerVersions}). */
    private long oldestWaitingVersion() {
        return waitingVersions.isEmpty() ? Long.MAX_VALUE : waitingVersions.firstKey();
    }

    private void count(long[] versions, int change) {
        for (long version : versions) {
            waitingVersions.merge(version, change, (was, by) -> was + by == 0 ? null : was + by);
        }
    }

    /** Finished records whose outputs wait for an earlier record of their partition. */
    public int waiting() {
        return pending.values().stream().mapToInt(TreeMap::size).sum();
    }

    /** Bytes of the outputs of finished records that wait for an earlier record of their partition. */
    public long waitingBytes() {
        return waitingBytes;
    }

    /** Drops what partitions taken away had not published: their records will be processed again. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.stream().map(pending::remove).filter(Objects::nonNull).forEach(dropped -> dropped.values()
                .forEach(this::leave));
        latency.forget(partitions);
    }

    private List<ProducerRecord<byte[], byte[]>> covered(Map<TopicPartition, OffsetAndMetadata> offsets) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        offsets.forEach((partition, committed) -> {
            TreeMap<Long, Waiting> waiting = pending.get(partition);
            if (waiting != null) {
                Map<Long, Waiting> below = waiting.headMap(committed.offset());
                below.values().forEach(outputs -> {
                    records.addAll(outputs.records());
                    leave(outputs);
                });
                below.clear();
            }
        });
        return records;
    }

    /** Outputs that no longer wait: published, or dropped with their partition. */
    private void leave(Waiting outputs) {
        count(outputs.versions(), -1);
        waitingBytes -= outputs.bytes();
    }

    /** A finished record's outputs, with the versions of its rewritten ledger records and its bytes, each read once. */
    private record Waiting(List<ProducerRecord<byte[], byte[]>> records, long[] versions, long bytes) {

        static Waiting of(List<ProducerRecord<byte[], byte[]>> records) {
            long bytes = 0;
            for (ProducerRecord<byte[], byte[]> output : records) {
                bytes += length(output.key()) + length(output.value());
                for (Header header : output.headers()) {
                    bytes += header.key().length() + length(header.value());
                }
            }
            long[] versions = records.stream()
                    .mapToLong(LedgerVersions::version)
                    .filter(v -> v > 0)
                    .toArray();
            return new Waiting(records, versions, bytes);
        }

        private static int length(byte[] bytes) {
            return bytes == null ? 0 : bytes.length;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
