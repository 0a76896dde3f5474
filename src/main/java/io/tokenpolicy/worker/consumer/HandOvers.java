package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.apply.HandOver;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The hand-over of each partition this loop holds records of: begun when the partition is
 * revoked or the worker shuts down, and read by the work on its records, which stops waiting
 * for retries that would outlast the drain timeout. Partitions are tracked from their first
 * record taken until they are forgotten; each time anew, so that the work of an ownership that
 * ended is told apart from the work of the next.
 */
final class HandOvers {

    private final Map<TopicPartition, HandOver> byPartition = new ConcurrentHashMap<>();

    void taken(TopicPartition partition) {
        byPartition.computeIfAbsent(partition, p -> new HandOver());
    }

    /**
     * Whether work that ran under this hand-over belongs to the partition's current ownership: not when the
     * partition is no longer held, nor when it was revoked and given back meanwhile.
     */
    boolean current(TopicPartition partition, HandOver ranUnder) {
        return byPartition.get(partition) == ranUnder;
    }

    /** The hand-over of a record's partition; one already due when the partition is no longer held. */
    HandOver of(ConsumerRecord<?, ?> record) {
        HandOver handOver = byPartition.get(new TopicPartition(record.topic(), record.partition()));
        if (handOver == null) {
            handOver = new HandOver();
            handOver.begin(Duration.ZERO);
        }
        return handOver;
    }

    /** Their work must be done by {@code deadline} ({@link System#nanoTime()}). */
    void begin(Collection<TopicPartition> partitions, long deadline) {
        partitions.forEach(partition ->
                byPartition.computeIfAbsent(partition, p -> new HandOver()).beginUntil(deadline));
    }

    /**
     * Partitions lost without a hand-over (the group moved on without this member): another instance may own them
     * already, so their started work stops before its next step, without the drain timeout.
     */
    void lost(Collection<TopicPartition> partitions) {
        begin(partitions, System.nanoTime());
    }

    void forget(Collection<TopicPartition> partitions) {
        byPartition.keySet().removeAll(partitions);
    }
}
