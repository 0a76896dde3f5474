package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Times each record from its timestamp on the events topic (when it was published) to the commit
 * of the transaction that carries its outcome: the delay a reader of the outcome topic sees.
 * Used by the polling thread only.
 */
public final class PublishLatency {

    private final Map<TopicPartition, TreeMap<Long, Long>> timestamps = new HashMap<>();
    private final WorkerMetrics metrics;
    private final Clock clock;

    public PublishLatency(WorkerMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    void finished(TopicPartition partition, long offset, long timestamp) {
        timestamps.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, timestamp);
    }

    void published(Map<TopicPartition, OffsetAndMetadata> offsets) {
        long now = clock.millis();
        offsets.forEach((partition, committed) -> {
            TreeMap<Long, Long> waiting = timestamps.get(partition);
            if (waiting != null) {
                Map<Long, Long> below = waiting.headMap(committed.offset());
                below.values().forEach(at -> metrics.outcomePublished(Duration.ofMillis(now - at)));
                below.clear();
            }
        });
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(timestamps::remove);
    }
}
