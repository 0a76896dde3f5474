package io.tokenpolicy.worker.ops;

import java.time.Instant;
import java.util.Map;

/**
 * One picture of the polling loop, as health and metrics read it.
 *
 * @param polling         whether a consumer is open and polling
 * @param observedAt      when the picture was taken (null before the first)
 * @param partitions      the owned partitions by name ({@code topic-n})
 * @param bufferedRecords records taken from Kafka and not yet committed
 * @param bufferedBytes   their bytes, and those of the outputs of the finished ones
 * @param gatewayDown     whether the gateway's circuit was open, so that fetching pauses while
 *                        records wait for it
 */
public record ConsumerSnapshot(
        boolean polling,
        Instant observedAt,
        Map<String, PartitionState> partitions,
        int bufferedRecords,
        long bufferedBytes,
        boolean gatewayDown) {

    public ConsumerSnapshot {
        partitions = Map.copyOf(partitions);
    }

    static ConsumerSnapshot notPolling(Instant at) {
        return new ConsumerSnapshot(false, at, Map.of(), 0, 0, false);
    }

    /**
     * @param lag    records behind the end of the partition (committed records only), null while unknown
     * @param paused whether fetching from it is paused: too many records are buffered, or the gateway is down
     */
    public record PartitionState(Long lag, boolean paused) {}

    public long pausedPartitions() {
        return partitions.values().stream().filter(PartitionState::paused).count();
    }

    public long totalLag() {
        return partitions.values().stream()
                .filter(p -> p.lag() != null)
                .mapToLong(PartitionState::lag)
                .sum();
    }
}
