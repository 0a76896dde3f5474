package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Writes whose outcome is in doubt ({@link TransientGatewayException#inDoubt()}: timed out, cut off once sent, a
 * proxy's 502 or 504), and the tokens they keep from being read or written again. The gateway does not stop a write
 * when its caller goes away: such a write may land after the worker's next write of the token and put back the fields
 * it carried, quota and status included. So until {@code token-api.write-settle-time} has passed since the worker gave
 * up on the doubtful write, by when it has surely landed or surely will not, the token is neither written again (its
 * retry waits, {@link TransientGatewayException#retriedNoSoonerThan}) nor read for a new batch ({@link #awaitSettled}):
 * the read that tells an intent's fate and that the next write is built on then sees the late write, if it landed.
 * Kept in memory, per instance: partitions handed over are let go of only once their writes have settled
 * ({@link #awaitAllSettled}).
 */
final class WritesInDoubt {

    private final long settleNanos;
    private final LongSupplier nanoTime;
    private final Map<Long, Long> settledAt = new ConcurrentHashMap<>();

    WritesInDoubt(Duration settleTime) {
        this(settleTime, System::nanoTime);
    }

    /** With the given source of {@link System#nanoTime()} (tests). */
    WritesInDoubt(Duration settleTime, LongSupplier nanoTime) {
        this.settleNanos = settleTime.toNanos();
        this.nanoTime = nanoTime;
    }

    /** {@code gateway}, whose writes that end in doubt keep their token from the next read and write until settled. */
    TokenGateway watching(TokenGateway gateway) {
        return new TokenGateway() {
            @Override
            public boolean canActFor(long userId) {
                return gateway.canActFor(userId);
            }

            @Override
            public StoredToken read(long userId, long tokenId) {
                return gateway.read(userId, tokenId);
            }

            @Override
            public StoredToken replace(StoredToken current, TokenState desired) {
                return write(current.state().id(), () -> gateway.replace(current, desired));
            }

            @Override
            public StoredToken changeStatus(StoredToken current, TokenStatus status) {
                return write(current.state().id(), () -> gateway.changeStatus(current, status));
            }
        };
    }

    private StoredToken write(long tokenId, Supplier<StoredToken> write) {
        try {
            return write.get();
        } catch (TransientGatewayException failed) {
            if (!failed.inDoubt()) {
                throw failed;
            }
            // from when the worker gave up, not from when the call began: the request may have gone out as late
            long givenUp = nanoTime.getAsLong();
            long settled = givenUp + settleNanos;
            settledAt.values().removeIf(at -> at - givenUp <= 0);
            settledAt.merge(tokenId, settled, (earlier, later) -> later - earlier > 0 ? later : earlier);
            throw failed.retriedNoSoonerThan(Duration.ofNanos(settleNanos));
        }
    }

    /**
     * Returns once no write is in doubt any more, or at the {@code deadline} ({@link System#nanoTime()}): a hand-over
     * lets go of its partitions only then, since their new owner reads their tokens at once and knows nothing of this
     * instance's doubts. Interrupted, it returns at once, the interrupt kept.
     */
    void awaitAllSettled(long deadline) {
        try {
            long now = nanoTime.getAsLong();
            long last = lastSettled(now);
            while (last - now > 0 && deadline - now > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(last - now, deadline - now));
                now = nanoTime.getAsLong();
                last = lastSettled(now);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private long lastSettled(long now) {
        return settledAt.values().stream().reduce(now, (a, b) -> b - a > 0 ? b : a);
    }

    /** How long the token's doubtful write has yet to settle; zero when none is in doubt. */
    Duration untilSettled(long tokenId) {
        Long settled = settledAt.get(tokenId);
        long left = settled == null ? 0 : settled - nanoTime.getAsLong();
        if (left <= 0 && settled != null) {
            settledAt.remove(tokenId, settled);
        }
        return Duration.ofNanos(Math.max(0, left));
    }

    /**
     * Returns once no write of the token is in doubt. The hand-over ends the wait ({@link WorkHandedOver}), and so
     * does a wait after which a call of {@code callTimeout} would not be answered before its deadline.
     */
    void awaitSettled(long tokenId, HandOver handOver, Duration callTimeout) {
        long left = untilSettled(tokenId).toNanos();
        if (left == 0) {
            return;
        }
        if (!handOver.allowsWait(left + callTimeout.toNanos())) {
            throw new WorkHandedOver();
        }
        try {
            handOver.await(() -> {
                TimeUnit.NANOSECONDS.sleep(left);
                return true;
            });
        } catch (InterruptedException interrupted) {
            if (!handOver.begun()) {
                Thread.currentThread().interrupt();
            }
            throw new WorkHandedOver();
        }
    }
}
