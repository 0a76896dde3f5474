package io.tokenpolicy.worker.ops;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether a shutdown can drain: Spring stops waiting for the polling loop after
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, so the drain timeout plus the time to
 * commit and close must fit in it. If not, shutdown still loses nothing (unfinished events are
 * delivered again) but cuts started work short, so the mismatch is worth a warning at start-up.
 */
final class ShutdownTimeouts {

    static final Duration COMMIT_AND_CLOSE = Duration.ofSeconds(5);

    private ShutdownTimeouts() {}

    static Optional<String> mismatch(Duration drainTimeout, Duration shutdownPhase) {
        if (drainTimeout.plus(COMMIT_AND_CLOSE).compareTo(shutdownPhase) <= 0) {
            return Optional.empty();
        }
        return Optional.of("token-policy.concurrency.drain-timeout (" + drainTimeout + ") plus " + COMMIT_AND_CLOSE
                + " to commit and close exceeds spring.lifecycle.timeout-per-shutdown-phase (" + shutdownPhase
                + "): a shutdown may stop before started events finish; they are then delivered again");
    }
}
