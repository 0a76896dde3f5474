package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.apply.Lane;
import io.tokenpolicy.worker.ops.RateLimitStatus;
import io.tokenpolicy.worker.tokenapi.LimitShare.Allowance;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * once per call. Shared by every call of the instance, in two lanes ({@link LanePermits}): a
 * share of the permits is reserved for security calls, and a waiting security call takes the
 * next permit that comes back. When a 429 comes all the same (other clients behind the same IP),
 * it takes half the permits out for a window: the worker slows down on its own; and when the 429 says how long to
 * wait ({@code Retry-After}), no call of the instance goes out until then, one window at most ({@link GatewayPause}).
 *
 * <p>How many permits there are is the instance's {@link LimitShare}: all of the limit, or, when the group shares it,
 * the instance's share, read again on every tick. A new share applies to the permits taken from then on; those held
 * (calls in flight or within their window) stay held, so an instance whose share shrank takes none until enough have
 * come back.
 */
final class GatewayRateLimit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRateLimit.class);
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Duration window;
    private final LanePermits permits;
    private final LimitShare share;
    private final GatewayPause pause;
    private final RateLimitStatus status;
    private final LongSupplier clock;
    private Allowance allowance;
    private final Map<Lane, Queue<Return>> spent = new EnumMap<>(Lane.class);
    private final Queue<Return> penalties = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "gateway-rate-limit");
        thread.setDaemon(true);
        return thread;
    });

    /** A limit without a reserve: every call is billing's. */
    GatewayRateLimit(int requests, Duration window) {
        this(requests, window, System::nanoTime);
    }

    GatewayRateLimit(int requests, Duration window, LongSupplier clock) {
        this(new LanePermits(requests, 0), window, clock);
    }

    /** As many calls per window as there are {@code permits}, timed by a nanosecond {@code clock} ({@link System#nanoTime}'s). */
    GatewayRateLimit(LanePermits permits, Duration window, LongSupplier clock) {
        this(permits, LimitShare.whole(permits.total()), window, clock, new RateLimitStatus());
    }

    /** As many calls per window as the instance's {@code share} gives it, in {@code permits} sized by it. */
    GatewayRateLimit(
            LanePermits permits, LimitShare share, Duration window, LongSupplier clock, RateLimitStatus status) {
        this.window = window;
        this.permits = permits;
        this.share = share;
        this.pause = new GatewayPause(clock);
        this.status = status;
        this.clock = clock;
        for (Lane lane : Lane.values()) {
            spent.put(lane, new ConcurrentLinkedQueue<>());
        }
        reshare(clock.getAsLong());
        long tick = Math.max(1, Math.min(MAX_TICK_NANOS, window.toNanos() / 100));
        releases.scheduleAtFixedRate(this::returnDue, tick, tick, TimeUnit.NANOSECONDS);
    }

    /**
     * Takes a permit for a call in {@code lane}, waiting at most {@code nanos}, in the order of asking
     * within the lane and security first, once a pause a 429 asked for has ended; {@code true} when taken.
     */
    boolean tryAcquire(Lane lane, long nanos) throws InterruptedException {
        return tryAcquire(lane, 1, nanos) == 1;
    }

    /**
     * As {@link #tryAcquire(Lane, long)}, {@code wanted} permits at once, or as many as the lane may hold at all when
     * that is fewer ({@link LanePermits#take(Lane, int, long)}); how many were taken, 0 when none.
     */
    int tryAcquire(Lane lane, int wanted, long nanos) throws InterruptedException {
        long asked = System.nanoTime();
        if (!pause.awaitEnd(nanos)) {
            return 0;
        }
        return permits.take(lane, wanted, nanos - (System.nanoTime() - asked));
    }

    /** Whether a 429's {@code Retry-After} holds every call back now. */
    boolean paused() {
        return pause.active();
    }

    /** A permit taken for a call that was not sent comes back at once. */
    void unused(Lane lane) {
        unused(lane, 1);
    }

    /** {@code count} permits taken for calls that were not sent come back at once. */
    void unused(Lane lane, int count) {
        permits.giveBack(lane, count);
    }

    /** The answer to a call came (or it failed): its permit comes back one window later. */
    void answered(Lane lane) {
        spent.get(lane).add(new Return(clock.getAsLong() + window.toNanos(), 1));
    }

    /**
     * The gateway answered 429: half the permits are taken out for a window, and when it asked to wait
     * ({@code retryAfter}), every call of the instance waits until then, or for one window when it asked for longer:
     * by then the gateway has forgotten every call counted against the limit, and a longer wait, which a faulty or
     * hostile answer can ask for, would hold the security lane back for as long.
     */
    void tooManyRequests(Duration retryAfter) {
        int penalty = Math.max(1, permits.total() / 2);
        if (permits.takeOut(penalty)) {
            log.warn("gateway answered 429 within the configured limit; halving the rate for {}", window);
            penalties.add(new Return(clock.getAsLong() + window.toNanos(), penalty));
        }
        Duration wait = retryAfter.compareTo(window) > 0 ? window : retryAfter;
        if (pause.pauseFor(wait)) {
            Instant until = Instant.now().plus(wait);
            status.paused(until);
            log.warn(
                    "gateway answered 429 asking to wait {}: no gateway call of this instance until {} (a window at"
                            + " most)",
                    retryAfter,
                    until);
        }
    }

    /** Permits held now: taken by calls in flight or waiting out their window. */
    int held() {
        return permits.held();
    }

    /**
     * Returns every permit whose window has passed, sizes the permits to the instance's share and ends a pause that
     * is over; called on each tick (and by tests), one caller at a time.
     */
    synchronized void returnDue() {
        long now = clock.getAsLong();
        for (Lane lane : Lane.values()) {
            permits.giveBack(lane, countDue(spent.get(lane), now));
        }
        permits.putBack(countDue(penalties, now));
        reshare(now);
        pause.wakeIfEnded();
    }

    private synchronized void reshare(long now) {
        Allowance next = share.at(now);
        if (next.equals(allowance)) {
            return;
        }
        if (allowance == null || next.total() != allowance.total() || next.billing() != allowance.billing()) {
            permits.resize(next.total(), next.billing());
            log.info(
                    "rate limit {}: {} calls per {} (billing {}), from {} of {} partitions counted ({} held)",
                    share.scope().name().toLowerCase(Locale.ROOT),
                    next.total(),
                    window,
                    next.billing(),
                    next.counted(),
                    next.partitionCount(),
                    next.held());
        }
        allowance = next;
        status.observe(new RateLimitStatus.Share(
                share.scope().name().toLowerCase(Locale.ROOT),
                next.share(),
                next.total(),
                next.held(),
                next.counted(),
                next.partitionCount()));
    }

    private static int countDue(Queue<Return> returns, long now) {
        int count = 0;
        for (Return next = returns.peek(); next != null && next.atNanos - now <= 0; next = returns.peek()) {
            returns.poll();
            count += next.permits;
        }
        return count;
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
