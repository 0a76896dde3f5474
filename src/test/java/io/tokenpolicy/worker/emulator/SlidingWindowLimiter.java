package io.tokenpolicy.worker.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * The server's in-memory rate limiter: a sliding window of the admitted requests' times; a refused
 * request is not counted.
 */
final class SlidingWindowLimiter {

    private final LongSupplier nanoClock;

    private final Deque<Long> admitted = new ArrayDeque<>();

    private int limit;

    private long windowNanos;

    SlidingWindowLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    synchronized void configure(int limit, Duration window) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit and window must be positive");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        admitted.clear();
    }

    synchronized void off() {
        limit = 0;
        admitted.clear();
    }

    /** How long until a request would be admitted again: zero when one would be now. */
    synchronized Duration untilAdmitted() {
        if (limit == 0 || admitted.size() < limit) {
            return Duration.ZERO;
        }
        long wait = admitted.peekFirst() + windowNanos - nanoClock.getAsLong();
        return Duration.ofNanos(Math.max(0, wait));
    }

    synchronized boolean tryAcquire() {
        if (limit == 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        if (admitted.size() >= limit && now - admitted.peekFirst() < windowNanos) {
            return false;
        }
        if (admitted.size() >= limit) {
            admitted.removeFirst();
        }
        admitted.addLast(now);
        return true;
    }
}
