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
 * picture itself, at most twice a second, and health and metrics read the picture.
 */
public final class ConsumerStatus {

    private static final long OBSERVE_EVERY_NANOS = 500_000_000L;

    private final Clock clock;
    private volatile ConsumerSnapshot snapshot = ConsumerSnapshot.notPolling(null);
    private long lastObserved;

    public ConsumerStatus(Clock clock) {
        this.clock = clock;
    }

    public ConsumerSnapshot snapshot() {
        return snapshot;
    }

    /** Called by the polling thread on every round; takes a new picture when the last one is old enough. */
    public void observe(Consumer<?, ?> consumer, int bufferedRecords, boolean gatewayDown) {
        long now = System.nanoTime();
        if (lastObserved != 0 && now - lastObserved < OBSERVE_EVERY_NANOS) {
            return;
        }
        lastObserved = now;
        Set<TopicPartition> paused = consumer.paused();
        Map<String, ConsumerSnapshot.PartitionState> partitions = new TreeMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            partitions.put(
                    partition.toString(),
                    new ConsumerSnapshot.PartitionState(
                            lag.isPresent() ? lag.getAsLong() : null, paused.contains(partition)));
        }
        snapshot = new ConsumerSnapshot(true, clock.instant(), partitions, bufferedRecords, gatewayDown);
    }

    /** The polling loop closed its consumer (shutting down, or about to be replaced after a failure). */
    public void closed() {
        lastObserved = 0;
        snapshot = ConsumerSnapshot.notPolling(clock.instant());
    }
}
