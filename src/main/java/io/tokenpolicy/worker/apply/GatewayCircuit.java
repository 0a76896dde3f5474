package io.tokenpolicy.worker.apply;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import io.tokenpolicy.worker.config.CircuitProperties;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker in front of the gateway, shared by every call of the instance, so that a
 * gateway that is down is not hit by every retry of every token: after a run of failed calls
 * it opens, calls wait for it, and after a while only probe calls go out. Only failures that
 * say the gateway is unavailable count; a 429 or a business error proves it up.
 */
public final class GatewayCircuit {

    private static final Logger log = LoggerFactory.getLogger(GatewayCircuit.class);

    private final CircuitBreaker breaker;
    private final AtomicReference<CountDownLatch> nextChange = new AtomicReference<>(new CountDownLatch(1));
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Clock clock;
    private volatile CircuitStatus status;
    private volatile String lastFailure = "";

    public GatewayCircuit(CircuitProperties settings, Clock clock) {
        this.clock = clock;
        this.breaker = CircuitBreaker.of(
                "token-api",
                CircuitBreakerConfig.custom()
                        .slidingWindow(
                                settings.failureThreshold(), settings.failureThreshold(), SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(100)
                        .waitDurationInOpenState(settings.openDuration())
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .permittedNumberOfCallsInHalfOpenState(settings.probeCalls())
                        .recordException(GatewayCircuit::isOutage)
                        .writableStackTraceEnabled(false)
                        .build());
        this.status = new CircuitStatus(CircuitStatus.State.CLOSED, 0, "", clock.instant());
        breaker.getEventPublisher().onStateTransition(event -> changed(event.getStateTransition()));
    }

    /** What health checks and flow control see. */
    public CircuitStatus status() {
        CircuitStatus now = status;
        return new CircuitStatus(now.state(), consecutiveFailures.get(), lastFailure, now.since());
    }

    /** Closed: calls go out. Otherwise they wait, and fetching more work is pointless until probes show the gateway back. */
    public boolean isClosed() {
        return status.state() == CircuitStatus.State.CLOSED;
    }

    /**
     * Waits at most {@code nanos} for the circuit to let a call through; {@code true} when it may go out.
     * No lock is held while the breaker is asked, since the breaker calls back into {@link #changed} on
     * whichever thread moves it.
     */
    boolean awaitPermission(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; ; left = deadline - System.nanoTime()) {
            CountDownLatch change = nextChange.get();
            if (breaker.tryAcquirePermission()) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
            try {
                change.await(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** A call that was let through is not made after all: its permission (a probe's, perhaps) is given back. */
    void unused() {
        breaker.releasePermission();
    }

    /** Makes a call that was let through, and records how it went. */
    <T> T call(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            consecutiveFailures.set(0);
            return result;
        } catch (RuntimeException failed) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failed);
            if (isOutage(failed)) {
                consecutiveFailures.incrementAndGet();
                lastFailure = failed.getMessage();
            } else {
                consecutiveFailures.set(0);
            }
            throw failed;
        }
    }

    private static boolean isOutage(Throwable failure) {
        return failure instanceof TransientGatewayException transientFailure
                && transientFailure.kind() != Kind.RATE_LIMITED
                && transientFailure.kind() != Kind.REFUSED;
    }

    private void changed(CircuitBreaker.StateTransition transition) {
        CircuitStatus.State state =
                switch (transition.getToState()) {
                    case OPEN, FORCED_OPEN -> CircuitStatus.State.OPEN;
                    case HALF_OPEN -> CircuitStatus.State.HALF_OPEN;
                    default -> CircuitStatus.State.CLOSED;
                };
        boolean stillDown = state != CircuitStatus.State.CLOSED && status.state() != CircuitStatus.State.CLOSED;
        status = new CircuitStatus(
                state, consecutiveFailures.get(), lastFailure, stillDown ? status.since() : clock.instant());
        if (transition == CircuitBreaker.StateTransition.CLOSED_TO_OPEN) {
            log.warn("gateway circuit open: {}; calls wait, fetching pauses", status().reason());
        } else if (state == CircuitStatus.State.OPEN) {
            log.debug("gateway circuit open again: the probe failed");
        } else if (state == CircuitStatus.State.CLOSED) {
            log.info("gateway circuit closed: the gateway answers again");
        }
        nextChange.getAndSet(new CountDownLatch(1)).countDown();
    }
}
