package io.tokenpolicy.worker.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work for many keys in parallel while the batches of one key run strictly one after another.
 * Each item is submitted in a {@link Lane}, and each lane has its own threads, so that security work
 * never waits for a billing thread. Within a key and a lane, items run in the order they were submitted;
 * when a key's batch ends, its waiting security items go first. Whatever has queued up for a key and
 * lane while its previous batch ran is handed over as the next batch (up to {@code maxBatch} items of
 * one group, e.g. one topic-partition), so that work for one key can be coalesced.
 */
public final class KeyOrderedExecutor<K, T> {

    private static final Logger log = LoggerFactory.getLogger(KeyOrderedExecutor.class);

    private final Map<K, KeyQueue<T>> queued = new HashMap<>();
    private final Map<Lane, ExecutorService> threads = new EnumMap<>(Lane.class);
    private final int maxBatch;
    private final Function<T, Object> groupOf;
    private final BatchHandler<T> handler;

    /** Works through one batch of a key in its lane; {@code securityWaiting} says whether a security item of the key waits. */
    @FunctionalInterface
    public interface BatchHandler<T> {
        void handle(Lane lane, List<T> batch, BooleanSupplier securityWaiting);
    }

    /**
     * @param threads  threads per lane: how many keys each lane works on at once
     * @param groupOf  what the items of one batch share
     */
    public KeyOrderedExecutor(
            String name,
            Map<Lane, Integer> threads,
            int maxBatch,
            Function<T, Object> groupOf,
            BatchHandler<T> handler) {
        for (Lane lane : Lane.values()) {
            this.threads.put(
                    lane,
                    Executors.newFixedThreadPool(
                            threads.get(lane),
                            new NamedThreads(name + "-" + lane.name().toLowerCase())));
        }
        this.maxBatch = maxBatch;
        this.groupOf = groupOf;
        this.handler = handler;
    }

    public synchronized void submit(K key, Lane lane, T item) {
        KeyQueue<T> items = queued.computeIfAbsent(key, k -> new KeyQueue<>());
        items.add(lane, item);
        if (items.schedule(lane)) {
            execute(key, lane);
        }
    }

    /** Removes and returns the items not yet started that match, e.g. of partitions taken away. */
    public synchronized List<T> discard(Predicate<T> which) {
        List<T> discarded = new ArrayList<>();
        queued.values().forEach(items -> items.removeIf(which, discarded));
        return discarded;
    }

    private void execute(K key, Lane lane) {
        ExecutorService pool = threads.get(lane);
        if (!pool.isShutdown()) {
            pool.execute(() -> run(key, lane));
        }
    }

    /** A run in a lane's threads: takes the key's next batch, security first, unless a batch of it is running. */
    private void run(K key, Lane scheduledIn) {
        Batch<T> batch = start(key, scheduledIn);
        if (batch == null) {
            return;
        }
        try {
            handler.handle(batch.lane(), batch.items(), () -> securityWaiting(key));
        } catch (RuntimeException unexpected) {
            log.error("work for one key failed unexpectedly", unexpected);
        } finally {
            finished(key);
        }
    }

    private record Batch<T>(Lane lane, List<T> items) {}

    private synchronized Batch<T> start(K key, Lane scheduledIn) {
        KeyQueue<T> items = queued.get(key);
        if (items == null) {
            return null;
        }
        if (!items.start(scheduledIn)) {
            forgetIfIdle(key, items);
            return null;
        }
        Lane lane = items.nextLane();
        return new Batch<>(lane, items.take(lane, maxBatch, groupOf));
    }

    private synchronized boolean securityWaiting(K key) {
        KeyQueue<T> items = queued.get(key);
        return items != null && items.nextLane() == Lane.SECURITY;
    }

    private synchronized void finished(K key) {
        KeyQueue<T> items = queued.get(key);
        items.finished().ifPresent(lane -> execute(key, lane));
        forgetIfIdle(key, items);
    }

    private void forgetIfIdle(K key, KeyQueue<T> items) {
        if (items.idle()) {
            queued.remove(key);
        }
    }

    /** Drops the items not yet started and waits, at most {@code wait} in all, for running batches to end. */
    public List<T> shutdown(Duration wait) {
        List<T> notStarted = discard(item -> true);
        threads.values().forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (ExecutorService lane : threads.values()) {
                lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return notStarted;
    }

    /** Threads per lane. */
    public static Map<Lane, Integer> threads(int security, int billing) {
        Map<Lane, Integer> threads = new EnumMap<>(Lane.class);
        threads.put(Lane.SECURITY, security);
        threads.put(Lane.BILLING, billing);
        return threads;
    }
}
