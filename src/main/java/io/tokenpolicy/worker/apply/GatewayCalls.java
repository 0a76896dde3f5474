package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The gateway calls made for one batch of a token's events. Each call goes through the circuit
 * (waiting while it is open) and is retried on transient failures until the budget is spent:
 * {@code max-attempts} for the call, {@code max-duration} for the batch. A call that timed out
 * is retried no sooner than it took, so the gateway has had as long again to finish the abandoned
 * call and the retry does not overtake it. Only this token's thread waits; calls and attempts are
 * counted for the outcome.
 */
final class GatewayCalls {

    private static final long SLICE = TimeUnit.MILLISECONDS.toNanos(100);

    private final GatewayRetry retry;
    private final GatewayCircuit circuit;
    private final HandOver handOver;
    private final long started = System.nanoTime();
    private int calls;
    private int attempts;

    GatewayCalls(GatewayRetry retry, GatewayCircuit circuit, HandOver handOver) {
        this.retry = retry;
        this.circuit = circuit;
        this.handOver = handOver;
    }

    StoredToken call(Supplier<StoredToken> call) {
        calls++;
        for (int attempt = 1; ; attempt++) {
            awaitCircuit();
            attempts++;
            long sent = System.nanoTime();
            try {
                return circuit.call(call);
            } catch (TransientGatewayException failed) {
                pauseBeforeRetry(attempt, failed, System.nanoTime() - sent);
            }
        }
    }

    private void awaitCircuit() {
        while (!circuit.awaitPermission(Math.min(SLICE, left()))) {
            if (handOver.begun()) {
                throw new WorkHandedOver();
            }
            if (left() <= 0) {
                throw new TransientGatewayException(Kind.UNAVAILABLE, "gateway circuit open (" + circuit.status().reason()
                        + "); retry budget spent: max-duration " + retry.maxDuration() + " reached", null);
            }
        }
    }

    private void pauseBeforeRetry(int attempt, TransientGatewayException failed, long took) {
        if (attempt >= retry.maxAttempts()) {
            throw spent(failed, "max-attempts " + retry.maxAttempts() + " reached");
        }
        long wait = retry.backoffNanos(attempt);
        if (failed.kind() == Kind.TIMED_OUT) {
            wait = Math.max(wait, took);
        }
        if (wait >= left()) {
            throw spent(failed, "the next retry would pass max-duration " + retry.maxDuration());
        }
        pause(wait);
    }

    private void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long rest = nanos; rest > 0; rest = until - System.nanoTime()) {
            if (!handOver.allowsWait(rest)) {
                throw new WorkHandedOver();
            }
            LockSupport.parkNanos(Math.min(rest, SLICE));
            if (Thread.currentThread().isInterrupted()) {
                throw new WorkHandedOver();
            }
        }
    }

    private static TransientGatewayException spent(TransientGatewayException failed, String limit) {
        return new TransientGatewayException(failed.kind(), failed.getMessage() + "; retry budget spent: " + limit, failed);
    }

    private long left() {
        return retry.maxDuration().toNanos() - (System.nanoTime() - started);
    }

    int calls() {
        return calls;
    }

    int attempts() {
        return attempts;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
