package io.tokenpolicy.worker.apply;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work for many keys in parallel while the items of one key run strictly one batch
 * after another, in the order they were submitted. Whatever has queued up for a key while
 * its previous batch ran is handed over as the next batch (up to {@code maxBatch} items),
 * so that work for one key can be coalesced. At most {@code threads} batches run at once.
 */
public final class KeyOrderedExecutor<K, T> {

    private static final Logger log = LoggerFactory.getLogger(KeyOrderedExecutor.class);

    private final Map<K, Deque<T>> queued = new HashMap<>();
    private final Set<K> active = new HashSet<>();
    private final ExecutorService threads;
    private final int maxBatch;
    private final Consumer<List<T>> handler;

    public KeyOrderedExecutor(String name, int threads, int maxBatch, Consumer<List<T>> handler) {
        this.threads = Executors.newFixedThreadPool(threads, new NamedThreads(name));
        this.maxBatch = maxBatch;
        this.handler = handler;
    }

    public synchronized void submit(K key, T item) {
        queued.computeIfAbsent(key, k -> new ArrayDeque<>()).add(item);
        if (active.add(key)) {
            threads.execute(() -> drain(key));
        }
    }

    /** Removes and returns the items not yet started for keys that match, e.g. of partitions taken away. */
    public synchronized List<T> discard(Predicate<K> keys) {
        List<T> discarded = new ArrayList<>();
        queued.entrySet().removeIf(entry -> {
            if (keys.test(entry.getKey())) {
                discarded.addAll(entry.getValue());
                return true;
            }
            return false;
        });
        return discarded;
    }

    private void drain(K key) {
        List<T> batch = take(key);
        try {
            if (!batch.isEmpty()) {
                handler.accept(batch);
            }
        } catch (RuntimeException unexpected) {
            log.error("work for one key failed unexpectedly", unexpected);
        } finally {
            finished(key);
        }
    }

    private synchronized List<T> take(K key) {
        Deque<T> items = queued.getOrDefault(key, new ArrayDeque<>());
        List<T> batch = new ArrayList<>(Math.min(items.size(), maxBatch));
        while (!items.isEmpty() && batch.size() < maxBatch) {
            batch.add(items.poll());
        }
        return batch;
    }

    private synchronized void finished(K key) {
        Deque<T> items = queued.get(key);
        if (items == null || items.isEmpty()) {
            queued.remove(key);
            active.remove(key);
        } else if (!threads.isShutdown()) {
            threads.execute(() -> drain(key));
        }
    }

    /** Drops the items not yet started and waits, at most {@code wait}, for running batches to end. */
    public List<T> shutdown(Duration wait) {
        List<T> notStarted = discard(key -> true);
        threads.shutdown();
        try {
            threads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return notStarted;
    }
}
