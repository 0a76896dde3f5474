package io.tokenpolicy.worker.consumer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets taken from each partition and not finished yet, with their records' bytes. What may be committed is the
 * lowest unfinished offset (or the next one after all taken), so that a crash re-delivers
 * every unfinished event and skips none. Used by the polling thread only.
 */
final class OffsetTracker {

    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

    void taken(TopicPartition partition, long offset, long bytes) {
        partitions.computeIfAbsent(partition, p -> new PartitionOffsets()).taken(offset, bytes);
    }

    void finished(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.get(partition);
        if (offsets != null) {
            offsets.finished(offset);
        }
    }

    /** A record that will not be processed here (its partition is going away): it still holds back the commit. */
    void abandoned(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.get(partition);
        if (offsets != null) {
            offsets.abandoned(offset);
        }
    }

    /** Records taken and neither finished nor abandoned. */
    int inFlight() {
        return partitions.values().stream().mapToInt(PartitionOffsets::inFlight).sum();
    }

    /** Bytes of the records taken and neither finished nor abandoned. */
    long bytesInFlight() {
        return partitions.values().stream()
                .mapToLong(PartitionOffsets::bytesInFlight)
                .sum();
    }

    int inFlight(Set<TopicPartition> of) {
        return of.stream()
                .map(partitions::get)
                .filter(o -> o != null)
                .mapToInt(PartitionOffsets::inFlight)
                .sum();
    }

    /** The offsets to commit that moved since the last call; marks them committed. */
    Map<TopicPartition, OffsetAndMetadata> advance(Set<TopicPartition> of) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        of.forEach(partition -> {
            PartitionOffsets offsets = partitions.get(partition);
            if (offsets != null && offsets.hasUncommittedProgress()) {
                commits.put(partition, new OffsetAndMetadata(offsets.commit()));
            }
        });
        return commits;
    }

    Map<TopicPartition, OffsetAndMetadata> advance() {
        return advance(partitions.keySet());
    }

    void forget(Set<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    private static final class PartitionOffsets {
        /** Unfinished offsets, each with its record's bytes. */
        private final TreeMap<Long, Long> unfinished = new TreeMap<>();

        private final TreeSet<Long> abandoned = new TreeSet<>();
        private long bytes;
        private long next = -1;
        private long committed = -1;

        void taken(long offset, long size) {
            Long before = unfinished.put(offset, size);
            bytes += size - (before == null ? 0 : before);
            next = Math.max(next, offset + 1);
        }

        void finished(long offset) {
            Long size = unfinished.remove(offset);
            if (size != null) {
                bytes -= size;
            }
        }

        void abandoned(long offset) {
            Long size = unfinished.remove(offset);
            if (size != null) {
                bytes -= size;
                abandoned.add(offset);
            }
        }

        int inFlight() {
            return unfinished.size();
        }

        long bytesInFlight() {
            return bytes;
        }

        boolean hasUncommittedProgress() {
            return next >= 0 && committable() > committed;
        }

        long commit() {
            committed = committable();
            return committed;
        }

        private long committable() {
            long lowest = unfinished.isEmpty() ? next : unfinished.firstKey();
            return abandoned.isEmpty() ? lowest : Math.min(lowest, abandoned.first());
        }
    }
}
