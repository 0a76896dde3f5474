package io.tokenpolicy.worker.apply;

import io.github.resilience4j.core.IntervalFunction;
import io.tokenpolicy.worker.config.RetryProperties;
import java.time.Duration;

/**
 * The retry budget of the gateway calls for one batch of a token's events: attempts per call
 * and a total duration, exponential backoff with jitter in between, through the circuit and the
 * gateway's admission; and how long one call may take, which a hand-over must leave time for.
 */
final class GatewayRetry {

    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;

    private final RetryProperties limits;
    private final IntervalFunction backoff;
    private final GatewayCircuit circuit;
    private final CallAdmission admission;
    private final Duration callTimeout;
    private final Runnable retried;

    GatewayRetry(
            RetryProperties limits,
            GatewayCircuit circuit,
            CallAdmission admission,
            Duration callTimeout,
            Runnable retried) {
        this.limits = limits;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                limits.initialBackoff(), BACKOFF_MULTIPLIER, JITTER, limits.maxBackoff());
        this.circuit = circuit;
        this.admission = admission;
        this.callTimeout = callTimeout;
        this.retried = retried;
    }

    /** The calls of a batch in {@code lane}, which asks for its turns in that lane. */
    GatewayCalls begin(Lane lane, HandOver handOver) {
        return begin(BatchLane.of(lane), handOver);
    }

    /** The calls of a batch that asks for each turn in the lane {@code lane} gives at that moment. */
    GatewayCalls begin(BatchLane lane, HandOver handOver) {
        return new GatewayCalls(this, circuit, admission, lane, handOver);
    }

    /** Calls that never reach the gateway, such as a plan's: they take no turn of its admission. */
    GatewayCalls planning() {
        return new GatewayCalls(this, circuit, CallAdmission.UNLIMITED, BatchLane.of(Lane.BILLING), new HandOver());
    }

    /** The jittered wait after the {@code attempt}-th failed attempt of a call, which is about to be retried. */
    long backoffNanos(int attempt) {
        retried.run();
        return Duration.ofMillis(backoff.apply(attempt)).toNanos();
    }

    int maxAttempts() {
        return limits.maxAttempts();
    }

    Duration maxDuration() {
        return limits.maxDuration();
    }

    /** The longest one call may take ({@code token-api.request-timeout}). */
    Duration callTimeout() {
        return callTimeout;
    }
}
