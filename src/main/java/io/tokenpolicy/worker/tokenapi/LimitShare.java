package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.apply.RateLimitShare;
import io.tokenpolicy.worker.config.RateLimitScope;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How many of the gateway's {@code requests} per window the instance takes ({@code token-policy.rate-limit.scope}).
 * Kept per instance, all of them. Shared by the group, the share of them that matches the share of the events topic's
 * partitions the instance counts ({@link PartitionShare}), rounded down, so that the group's shares add up to the
 * limit at most. An instance whose share rounds to fewer than {@value #SECURITY_FLOOR} calls still lets its security
 * lane make that many per window (one disable: its read and its write), and one whose share rounds to none but counts
 * a partition lets billing make one, so that no partition's events wait for good; beyond its share these are the
 * only calls by which a group can exceed the limit (see docs/design.md, the rate limit shared by a group).
 */
final class LimitShare implements RateLimitShare {

    /** Calls per window the security lane may always make, whatever the share (never more than the limit). */
    static final int SECURITY_FLOOR = 2;

    private final int requests;
    private final RateLimitScope scope;
    private final PartitionShare partitions;
    private final LongSupplier clock;

    LimitShare(int requests, Duration window, RateLimitScope scope, LongSupplier clock) {
        this.requests = requests;
        this.scope = scope;
        this.partitions = new PartitionShare(window.toNanos());
        this.clock = clock;
    }

    /** All of {@code requests} for the instance. */
    static LimitShare whole(int requests) {
        return new LimitShare(requests, Duration.ZERO, RateLimitScope.INSTANCE, System::nanoTime);
    }

    @Override
    public synchronized void assigned(Set<Integer> held, int partitionCount) {
        partitions.assigned(held, partitionCount, clock.getAsLong());
    }

    @Override
    public synchronized void revoked(Set<Integer> given) {
        partitions.revoked(given, clock.getAsLong());
    }

    @Override
    public synchronized void lost(Set<Integer> gone) {
        partitions.lost(gone);
    }

    /** The instance's calls per window at {@code now} (a {@link System#nanoTime}). */
    synchronized Allowance at(long now) {
        int held = partitions.held();
        int of = partitions.partitionCount();
        if (scope == RateLimitScope.INSTANCE) {
            return new Allowance(requests, requests, 1, held, held, of);
        }
        int counted = partitions.counted(now);
        int share = of == 0 ? 0 : (int) ((long) requests * counted / of);
        int billing = counted == 0 ? 0 : Math.max(1, share);
        int total = Math.max(billing, Math.min(SECURITY_FLOOR, requests));
        return new Allowance(total, billing, of == 0 ? 0 : (double) counted / of, counted, held, of);
    }

    RateLimitScope scope() {
        return scope;
    }

    /**
     * Calls the instance may make per window: {@code total} in all, of which billing at most {@code billing}; its
     * {@code share} of the limit (1 when kept per instance), from {@code counted} of the {@code held} partitions, of
     * {@code partitionCount}.
     */
    record Allowance(int total, int billing, double share, int counted, int held, int partitionCount) {}
}
