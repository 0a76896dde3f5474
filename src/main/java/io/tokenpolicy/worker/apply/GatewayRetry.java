package io.tokenpolicy.worker.apply;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The retries of the gateway's calls: one resilience4j {@link Retry} for the gateway, which keeps nothing per
 * user (the rate limit is the gateway's per client address, the circuit the gateway's), and the budget of each
 * batch of a token's events ({@link GatewayCalls}): {@code max-attempts} per call and {@code max-duration} for the
 * batch, through the circuit and the gateway's admission; and how long one call may take, which a hand-over must
 * leave time for. Only an attempt that went out and failed transiently ({@link FailedAttempt}) is retried, after
 * an exponential backoff with jitter, or longer when the gateway asked for longer ({@code Retry-After}) or the
 * attempt timed out after longer. Whether that wait may begin is the batch's to say: it ends the retry when the
 * wait would pass its budget or the hand-over's deadline.
 */
final class GatewayRetry {

    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final RetryProperties limits;
    private final IntervalFunction backoff;
    private final Retry retry;
    private final GatewayCircuit circuit;
    private final CallAdmission admission;
    private final Duration callTimeout;
    private final Duration writeSettleTime;

    /** A retry whose writes in doubt settle in the default time for {@code callTimeout}. */
    GatewayRetry(
            RetryProperties limits,
            GatewayCircuit circuit,
            CallAdmission admission,
            Duration callTimeout,
            Runnable retried) {
        this(limits, circuit, admission, callTimeout, TokenApiProperties.writeSettleTimeFor(callTimeout), retried);
    }

    GatewayRetry(
            RetryProperties limits,
            GatewayCircuit circuit,
            CallAdmission admission,
            Duration callTimeout,
            Duration writeSettleTime,
            Runnable retried) {
        this.limits = limits;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                limits.initialBackoff(), BACKOFF_MULTIPLIER, JITTER, limits.maxBackoff());
        this.retry = Retry.of(
                "token-api",
                RetryConfig.<Object>custom()
                        .maxAttempts(limits.maxAttempts())
                        .intervalBiFunction(this::millisBeforeRetry)
                        .retryOnException(FailedAttempt.class::isInstance)
                        .build());
        retry.getEventPublisher().onRetry(event -> retried.run());
        this.circuit = circuit;
        this.admission = admission;
        this.callTimeout = callTimeout;
        this.writeSettleTime = writeSettleTime;
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

    /**
     * Makes {@code attempt} until it succeeds or throws anything but a {@link FailedAttempt}; the last
     * {@link FailedAttempt} once {@code max-attempts} are made, or once the hand-over cut a backoff short.
     */
    <T> T attempts(Supplier<T> attempt) {
        return retry.executeSupplier(attempt);
    }

    /**
     * The wait after the {@code attempt}-th failed attempt of a call: the jittered backoff, or longer when the
     * failure asks for it. The batch may refuse it, which ends the retry with the exception it throws. A wait asked
     * for beyond {@code max-duration}, which no batch allows, counts as {@code max-duration}, so that a
     * {@code Retry-After} of centuries ends the retry as any other too long.
     */
    private long millisBeforeRetry(int attempt, Either<Throwable, Object> outcome) {
        FailedAttempt failed = (FailedAttempt) outcome.getLeft();
        Duration asked = failed.soonestRetry();
        Duration longest = limits.maxDuration();
        long soonest =
                ((asked.compareTo(longest) > 0 ? longest : asked).toNanos() + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
        long wait = Math.max(backoff.apply(attempt), soonest);
        failed.calls().beginBackoff(Duration.ofMillis(wait), failed.failure());
        return wait;
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

    /** How long after a write in doubt was sent it has surely landed or surely will not ({@link WritesInDoubt}). */
    Duration writeSettleTime() {
        return writeSettleTime;
    }
}
