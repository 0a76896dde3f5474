package io.tokenpolicy.worker.tokenapi;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the worker's calls within the gateway's own limit: at most {@code requests} calls in
 * any {@code window}, as new-api counts them (a sliding window per client IP). A call takes a
 * permit when it is sent and gives it back one window after its answer came, so however
 * late the gateway saw the call, no window of the gateway's can count more than the limit.
 * Permits due back are returned together on the next tick (a hundredth of the window, at
 * most 10 ms), never early, so the limiter wakes a hundred times a second at most rather than
 * once per call. Shared by every call of the instance. When a 429 comes all the same (other
 * clients behind the same IP), it takes half the permits out for a window: the worker slows
 * down on its own.
 */
final class GatewayRateLimit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRateLimit.class);
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int requests;
    private final Duration window;
    private final Semaphore permits;
    private final LongSupplier clock;
    private final Queue<Return> due = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "gateway-rate-limit");
        thread.setDaemon(true);
        return thread;
    });

    GatewayRateLimit(int requests, Duration window) {
        this(requests, window, System::nanoTime);
    }

    GatewayRateLimit(int requests, Duration window, LongSupplier clock) {
        this.requests = requests;
        this.window = window;
        this.permits = new Semaphore(requests, true);
        this.clock = clock;
        long tick = Math.max(1, Math.min(MAX_TICK_NANOS, window.toNanos() / 100));
        releases.scheduleAtFixedRate(this::returnDue, tick, tick, TimeUnit.NANOSECONDS);
    }

    /** Takes a permit, waiting at most {@code nanos}, in the order of asking; {@code true} when taken. */
    boolean tryAcquire(long nanos) throws InterruptedException {
        return permits.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    }

    /** A permit taken for a call that was not sent comes back at once. */
    void unused() {
        permits.release();
    }

    /** The answer to a call came (or it failed): its permit comes back one window later. */
    void answered() {
        returnLater(1);
    }

    void tooManyRequests() {
        int penalty = Math.max(1, requests / 2);
        if (permits.tryAcquire(penalty)) {
            log.warn("gateway answered 429 within the configured limit; halving the rate for {}", window);
            returnLater(penalty);
        }
    }

    /** Permits held now: taken by calls in flight or waiting out their window. */
    int held() {
        return requests - permits.availablePermits();
    }

    /** Returns every permit whose window has passed; called on each tick. */
    void returnDue() {
        long now = clock.getAsLong();
        int count = 0;
        for (Return next = due.peek(); next != null && next.atNanos - now <= 0; next = due.peek()) {
            due.poll();
            count += next.permits;
        }
        if (count > 0) {
            permits.release(count);
        }
    }

    private void returnLater(int count) {
        due.add(new Return(clock.getAsLong() + window.toNanos(), count));
    }

    @Override
    public void close() {
        releases.shutdownNow();
    }

    /**
     * Permits to give back at a time. Answers are queued nearly in time order; one queued a
     * little out of order only holds back those behind it, which can never return early.
     */
    private record Return(long atNanos, int permits) {}
}
