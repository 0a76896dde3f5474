package io.tokenpolicy.worker.tokenapi;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Every gateway call of the instance, in both lanes, held back until the time a 429's {@code Retry-After} asked for:
 * the gateway said when it takes calls again, so that calls sent before then would only be refused too and, behind one
 * address, use up the other instances' share ({@link GatewayRateLimit} keeps it to one window at most). A later 429
 * asking for longer makes the pause longer, never shorter. Times are a nanosecond {@code clock}'s
 * ({@link System#nanoTime}'s); waiters are woken when the pause ends, by their own timed wait or by
 * {@link #wakeIfEnded}.
 */
final class GatewayPause {

    private static final long LONGEST_NAP = TimeUnit.MILLISECONDS.toNanos(100);

    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private boolean paused;
    private long until;

    GatewayPause(LongSupplier clock) {
        this.clock = clock;
    }

    /** Pauses for {@code wait} from now, unless a pause already lasts longer; {@code true} when the pause grew. */
    boolean pauseFor(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return false;
        }
        long end = clock.getAsLong() + saturatedNanos(wait);
        lock.lock();
        try {
            if (active() && end - until <= 0) {
                return false;
            }
            paused = true;
            until = end;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether calls are held back now. */
    boolean active() {
        lock.lock();
        try {
            return paused && until - clock.getAsLong() > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Waits at most {@code nanos} for the pause to end; {@code true} when no pause holds calls back any more. */
    boolean awaitEnd(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (active()) {
                if (left <= 0) {
                    return false;
                }
                long nap = Math.min(left, Math.min(LONGEST_NAP, until - clock.getAsLong()));
                left -= nap - ended.awaitNanos(nap);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter once the pause has ended; called on the rate limit's ticks. */
    void wakeIfEnded() {
        lock.lock();
        try {
            if (paused && !active()) {
                paused = false;
                ended.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedNanos(Duration wait) {
        try {
            return wait.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }
}
