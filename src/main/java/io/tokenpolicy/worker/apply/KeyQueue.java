package io.tokenpolicy.worker.apply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The items of one key not started yet, one queue per lane (security goes first), whether a batch of the key is
 * running, and the lanes whose threads have a run of the key waiting. Not thread-safe.
 */
final class KeyQueue<T> {

    private final Map<Lane, Deque<T>> byLane = new EnumMap<>(Lane.class);
    private final Set<Lane> scheduled = EnumSet.noneOf(Lane.class);
    private boolean running;

    KeyQueue() {
        for (Lane lane : Lane.values()) {
            byLane.put(lane, new ArrayDeque<>());
        }
    }

    void add(Lane lane, T item) {
        byLane.get(lane).add(item);
    }

    /** Whether a run should be scheduled in this lane's threads: none is running or waiting there. */
    boolean schedule(Lane lane) {
        return !running && scheduled.add(lane);
    }

    /** A waiting run of this lane starts: it may take a batch unless another run got there first. */
    boolean start(Lane lane) {
        scheduled.remove(lane);
        if (running || isEmpty()) {
            return false;
        }
        running = true;
        return true;
    }

    /** The running batch ended; returns the lane to schedule next, if any. */
    Optional<Lane> finished() {
        running = false;
        if (isEmpty()) {
            return Optional.empty();
        }
        Lane next = nextLane();
        return scheduled.add(next) ? Optional.of(next) : Optional.empty();
    }

    boolean idle() {
        return !running && scheduled.isEmpty() && isEmpty();
    }

    boolean isEmpty() {
        return byLane.values().stream().allMatch(Deque::isEmpty);
    }

    /** The lane to run next: security while it has items. */
    Lane nextLane() {
        return byLane.get(Lane.SECURITY).isEmpty() ? Lane.BILLING : Lane.SECURITY;
    }

    /** Takes the next batch of a lane: up to {@code max} items from its head that share the first one's group. */
    List<T> take(Lane lane, int max, Function<T, Object> groupOf) {
        Deque<T> items = byLane.get(lane);
        List<T> batch = new ArrayList<>(Math.min(items.size(), max));
        Object group = items.isEmpty() ? null : groupOf.apply(items.peek());
        while (!items.isEmpty() && batch.size() < max && Objects.equals(groupOf.apply(items.peek()), group)) {
            batch.add(items.poll());
        }
        return batch;
    }

    void removeIf(Predicate<T> which, List<T> removed) {
        byLane.values()
                .forEach(items -> items.removeIf(item -> {
                    boolean remove = which.test(item);
                    if (remove) {
                        removed.add(item);
                    }
                    return remove;
                }));
    }
}
