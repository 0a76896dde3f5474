package io.tokenpolicy.worker.ops;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the polling loop last saw of its consumer: the partitions it owns, their lag, which are
 * paused, how many records it holds, and whether the gateway was down. The consumer is not thread-safe, so the loop takes this
 * picture itself, on every round (a few partitions' positions, read locally), and health and metrics read the picture.
 */
public final class ConsumerStatus {

    private final Clock clock;
    private volatile ConsumerSnapshot snapshot = ConsumerSnapshot.notPolling(null);

    public ConsumerStatus(Clock clock) {
        this.clock = clock;
    }

    public ConsumerSnapshot snapshot() {
        return snapshot;
    }

    /** Called by the polling thread on every round: a new picture. */
    public void observe(Consumer<?, ?> consumer, int bufferedRecords, long bufferedBytes, boolean gatewayDown) {
        Set<TopicPartition> paused = consumer.paused();
        Map<String, ConsumerSnapshot.PartitionState> partitions = new TreeMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            partitions.put(
                    partition.toString(),
                    new ConsumerSnapshot.PartitionState(
                            lag.isPresent() ? lag.getAsLong() : null, paused.contains(partition)));
        }
        snapshot = new ConsumerSnapshot(true, clock.instant(), partitions, bufferedRecords, bufferedBytes, gatewayDown);
    }

    /** The polling loop closed its consumer (shutting down, or about to be replaced after a failure). */
    public void closed() {
        snapshot = ConsumerSnapshot.notPolling(clock.instant());
    }
}
