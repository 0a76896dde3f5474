package io.tokenpolicy.worker.tokenapi;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which of the events topic's partitions an instance counts toward its share of the group's rate limit, and from
 * when. A partition given up stops counting at once. A partition gained counts one window after the rebalance that
 * brought it, since its previous owner's calls for it stay counted by the gateway for a window after they were made
 * (the previous owner makes none once it has handed the partition over): the group's shares then never add up to
 * more than the limit within any window, at the price of the gained share going unused for that window. Two gains
 * count at once: a partition the instance counted until the revocation of the same rebalance (the eager protocol
 * revokes every partition and assigns most back; nobody else held them in between), provided it comes back within a
 * window of its revocation (an instance that revoked and rejoined only later, or was never told of a rebalance between,
 * may have missed another instance holding and counting it), and the first assignment of an
 * instance that holds every partition (a single instance starting, which cannot know whether a predecessor called
 * within the last window, as before there were shares). Times are {@link System#nanoTime}'s.
 */
final class PartitionShare {

    private final long windowNanos;
    private final Map<Integer, Long> countedFrom = new HashMap<>();
    private final Map<Integer, Released> released = new HashMap<>();
    private int partitionCount;
    private boolean assignedBefore;

    PartitionShare(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** A rebalance ended at {@code now} with {@code held} the instance's partitions, of {@code partitionCount}. */
    void assigned(Set<Integer> held, int partitionCount, long now) {
        boolean wholeTopicAtStart = !assignedBefore && held.size() >= partitionCount;
        this.partitionCount = partitionCount;
        countedFrom.keySet().retainAll(held);
        for (int partition : held) {
            if (!countedFrom.containsKey(partition)) {
                Released before = released.get(partition);
                long from = before != null && now - before.at() < windowNanos
                        ? before.countedFrom()
                        : wholeTopicAtStart ? now : now + windowNanos;
                countedFrom.put(partition, from);
            }
        }
        released.clear();
        assignedBefore = true;
    }

    /**
     * Handed over at {@code now}: they stop counting, and count again as before if the same rebalance assigns them back
     * within a window.
     */
    void revoked(Set<Integer> partitions, long now) {
        for (int partition : partitions) {
            Long from = countedFrom.remove(partition);
            if (from != null) {
                released.put(partition, new Released(from, now));
            }
        }
    }

    /** Lost without a hand-over: another instance may call for them already, so assigned again they are a gain. */
    void lost(Set<Integer> partitions) {
        countedFrom.keySet().removeAll(partitions);
        released.keySet().removeAll(partitions);
    }

    /** Partitions held and counted at {@code now}. */
    int counted(long now) {
        int counted = 0;
        for (long from : countedFrom.values()) {
            if (from - now <= 0) {
                counted++;
            }
        }
        return counted;
    }

    /** Partitions held, counted or not yet. */
    int held() {
        return countedFrom.size();
    }

    /** The events topic's partitions, as the last rebalance found them; 0 before the first. */
    int partitionCount() {
        return partitionCount;
    }

    /** A partition handed over {@code at} a time, which counted (or was to count) from {@code countedFrom}. */
    private record Released(long countedFrom, long at) {}
}
