package io.tokenpolicy.worker.ops;

import java.time.Instant;

/**
 * The instance's share of the gateway's rate limit as the limiter last set it, and the pause a 429 asked for, for
 * health and metrics to read.
 */
public final class RateLimitStatus {

    private volatile Share share = new Share("instance", 1, 0, 0, 0, 0);
    private volatile Instant pausedUntil;

    public Share share() {
        return share;
    }

    /** When the pause a 429's {@code Retry-After} asked for ends; {@code null} when none was asked for. */
    public Instant pausedUntil() {
        return pausedUntil;
    }

    public void observe(Share share) {
        this.share = share;
    }

    public void paused(Instant until) {
        this.pausedUntil = until;
    }

    /**
     * The instance's share: its {@code scope} ({@code instance} or {@code group}), the {@code share} of the limit it
     * takes (0 to 1), the {@code requests} per window that gives it, and the events topic's partitions it holds, of
     * which it counts {@code countedPartitions} so far (a partition gained counts one window later), of
     * {@code partitionCount}.
     */
    public record Share(
            String scope, double share, int requests, int heldPartitions, int countedPartitions, int partitionCount) {}
}
