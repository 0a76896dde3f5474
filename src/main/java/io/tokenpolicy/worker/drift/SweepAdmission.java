package io.tokenpolicy.worker.drift;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.Lane;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The sweep's turns at the gateway: at most {@code calls} a {@code window}, each counted until one window after its
 * answer (as the worker's own limiter counts, so that no window of the gateway's sees more), taken only while
 * {@code idle} says no event of the instance waits, and then through the instance's own admission in the billing
 * lane. So a sweep uses a small share of the rate limit and never goes ahead of an event.
 */
final class SweepAdmission implements CallAdmission {

    private static final long STEP_NANOS = Duration.ofMillis(20).toNanos();

    private final CallAdmission instance;
    private final int calls;
    private final long windowNanos;
    private final BooleanSupplier idle;
    private final LongSupplier clock;
    private final Deque<Long> answeredAt = new ArrayDeque<>();
    private int inFlight;

    SweepAdmission(CallAdmission instance, int calls, Duration window, BooleanSupplier idle, LongSupplier clock) {
        this.instance = instance;
        this.calls = calls;
        this.windowNanos = window.toNanos();
        this.idle = idle;
        this.clock = clock;
    }

    @Override
    public boolean await(Lane lane, long nanos) throws InterruptedException {
        long deadline = clock.getAsLong() + nanos;
        while (!(idle.getAsBoolean() && takeOwn())) {
            if (clock.getAsLong() - deadline > 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(STEP_NANOS);
        }
        if (instance.await(Lane.BILLING, Math.max(0, deadline - clock.getAsLong()))) {
            return true;
        }
        giveBackOwn();
        return false;
    }

    @Override
    public void answered(Lane lane) {
        instance.answered(Lane.BILLING);
        synchronized (this) {
            inFlight--;
            answeredAt.addLast(clock.getAsLong());
        }
    }

    @Override
    public void unused(Lane lane) {
        instance.unused(Lane.BILLING);
        giveBackOwn();
    }

    private synchronized boolean takeOwn() {
        long now = clock.getAsLong();
        while (!answeredAt.isEmpty() && now - answeredAt.peekFirst() >= windowNanos) {
            answeredAt.removeFirst();
        }
        if (inFlight + answeredAt.size() >= calls) {
            return false;
        }
        inFlight++;
        return true;
    }

    private synchronized void giveBackOwn() {
        inFlight--;
    }
}
