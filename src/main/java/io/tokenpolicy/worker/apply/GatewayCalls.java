package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway calls made for one batch of a token's events. Each call is made through the gateway's
 * {@link GatewayRetry}: each attempt waits for the circuit, then for its turn (rate limit and call slot), and one
 * that went out and failed transiently is retried until the budget is spent: {@code max-attempts} for the call,
 * {@code max-duration} for the batch, which bounds every wait, the retry's backoff included. Once the records are
 * being handed over, an attempt goes out only if its answer (and a write's settle time) is due before the hand-over's
 * deadline, and a backoff under way when the hand-over begins ends the work. Only this token's thread waits; calls
 * and attempts are counted for the outcome. Every turn is asked for in the batch's {@link Lane} ({@link BatchLane}: security once a
 * security event of the token waits for the batch), and none is held between attempts: a retry waiting out its
 * backoff holds no turn, so the places freed meanwhile go to whoever asks first (a waiting security call before
 * any billing call).
 *
 * <p>A call that waits for its turn takes the next call's with it, together (a spare), and the call after it goes
 * out on that spare without waiting: a write one round trip after the read it was decided from, and a correction of
 * the usage a write overwrote ({@link FundedTotalCorrection}) one round trip after the answer that showed it, however
 * long the queue for turns, so that usage landing in between is no likelier than without a queue. A call made on the
 * spare takes no new one: only a caller that holds no turn waits for turns. The spare is given back unused when the
 * attempt fails, when the circuit holds the next call back, and when the batch makes no more calls ({@link #done}).
 */
final class GatewayCalls {

    private static final long SLICE = TimeUnit.MILLISECONDS.toNanos(100);

    private final GatewayRetry retry;
    private final GatewayCircuit circuit;
    private final CallAdmission admission;
    private final Supplier<Lane> lanes;
    private Lane lane;
    private Lane spare;
    private final HandOver handOver;
    private final long started = System.nanoTime();
    private int calls;
    private int attempts;
    /** What the call under way needs before the hand-over's deadline: its answer, and a write's settle time. */
    private long needs;

    GatewayCalls(
            GatewayRetry retry,
            GatewayCircuit circuit,
            CallAdmission admission,
            Supplier<Lane> lanes,
            HandOver handOver) {
        this.retry = retry;
        this.circuit = circuit;
        this.admission = admission;
        this.lanes = lanes;
        this.handOver = handOver;
    }

    /** A call that writes nothing (a read). */
    StoredToken call(Supplier<StoredToken> call) {
        return call(call, null, retry.callTimeout());
    }

    /**
     * A write. Once the records are being handed over, it goes out only if its answer and, should it end in doubt, its
     * settle time ({@link WritesInDoubt}) are due before the hand-over's deadline, by when the instance lets go of the
     * partition: a write that could still land after the new owner's read does not go out.
     */
    StoredToken write(Supplier<StoredToken> write) {
        return write(write, null);
    }

    /**
     * A write whose retry after a refusal that may pass ({@link Kind#REFUSED}: the gateway's database error, a message
     * no server is known to mean for good) first reads the token again with {@code readAgain}, as an attempt of its
     * own: the write is then built from the token as it stands, not as it stood before the refusal.
     */
    StoredToken write(Supplier<StoredToken> write, Runnable readAgain) {
        return call(write, readAgain, writeTime());
    }

    private StoredToken call(Supplier<StoredToken> call, Runnable readAgain, Duration needs) {
        calls++;
        this.needs = needs.toNanos();
        boolean[] refused = {false};
        try {
            return retry.attempts(() -> {
                if (refused[0] && readAgain != null) {
                    attempt(() -> {
                        readAgain.run();
                        return null;
                    });
                }
                try {
                    refused[0] = false;
                    return attempt(call);
                } catch (FailedAttempt failed) {
                    refused[0] = failed.failure().kind() == Kind.REFUSED;
                    throw failed;
                }
            });
        } catch (FailedAttempt last) {
            throw backoffCutShort()
                    ? new WorkHandedOver()
                    : spent(last.failure(), "max-attempts " + retry.maxAttempts() + " reached");
        } finally {
            handOver.waitEnded();
        }
    }

    private StoredToken attempt(Supplier<StoredToken> call) {
        handOver.waitEnded();
        awaitCircuit();
        awaitTurn();
        attempts++;
        long sent = System.nanoTime();
        try {
            return send(call);
        } catch (TransientGatewayException failed) {
            giveBackSpare();
            throw new FailedAttempt(failed, Duration.ofNanos(System.nanoTime() - sent), this);
        } catch (RuntimeException failed) {
            giveBackSpare();
            throw failed;
        }
    }

    private StoredToken send(Supplier<StoredToken> call) {
        try {
            return circuit.call(call);
        } finally {
            admission.answered(lane);
        }
    }

    /** Stops the work unless the hand-over leaves time for a write: before an intent or a hold that a write follows. */
    void requireTimeForAWrite() {
        if (!handOver.allowsWait(writeTime().toNanos())) {
            throw new WorkHandedOver();
        }
    }

    /** Whether the hand-over leaves time for the call under way: its answer, and a write's settle time. */
    private boolean timeForTheCall() {
        return handOver.allowsWait(needs);
    }

    private Duration writeTime() {
        return retry.callTimeout().plus(retry.writeSettleTime());
    }

    /** The batch makes no more calls: a turn held for a next call is given back unused. */
    void done() {
        giveBackSpare();
    }

    private void giveBackSpare() {
        if (spare != null) {
            admission.unused(spare);
            spare = null;
        }
    }

    /** Waits for the circuit's permission, holding no spare while it waits. */
    private void awaitCircuit() {
        long wait = spare == null ? Math.min(SLICE, left()) : 0;
        for (; !circuit.awaitPermission(wait); wait = Math.min(SLICE, left())) {
            giveBackSpare();
            if (handOver.begun()) {
                throw new WorkHandedOver();
            }
            if (left() <= 0) {
                throw new TransientGatewayException(
                        Kind.UNAVAILABLE,
                        "gateway circuit open (" + circuit.status().reason() + "); retry budget spent: max-duration "
                                + retry.maxDuration() + " reached",
                        null);
            }
        }
    }

    /**
     * Takes a turn to call (the circuit's permission already held, and given back when no call follows): the spare
     * when one is held, otherwise a turn and a spare together, waiting while the budget and the hand-over leave time
     * for the call.
     */
    private void awaitTurn() {
        try {
            if (spare != null && (admission.heldBack() || left() <= 0)) {
                // a 429 paused every call, or the budget is spent: the spare goes back and the turn is asked for
                giveBackSpare();
            }
            if (spare != null) {
                lane = spare;
                spare = null;
            } else {
                lane = lanes.get();
                int held;
                do {
                    held = tryTurns();
                } while (held == 0);
                spare = held > 1 ? lane : null;
            }
            if (!timeForTheCall()) {
                admission.unused(lane);
                giveBackSpare();
                throw new WorkHandedOver();
            }
        } catch (RuntimeException notSent) {
            circuit.unused();
            throw notSent;
        }
    }

    /**
     * Waits for a turn and a spare as long as the budget and the hand-over allow; how many turns are held. A wait
     * sized before the hand-over began is woken by it, or not run when it began meanwhile ({@link HandOver#await}),
     * and sized again.
     */
    private int tryTurns() {
        boolean sizedForTheHandOver = handOver.begun();
        long wait = Math.min(left(), handOver.nanosLeft() - needs);
        if (wait <= 0) {
            throw handOver.begun()
                    ? new WorkHandedOver()
                    : new TransientGatewayException(
                            Kind.RATE_LIMITED,
                            "no turn to call the gateway within its rate limit; retry budget spent: max-duration "
                                    + retry.maxDuration() + " reached",
                            null);
        }
        try {
            return sizedForTheHandOver
                    ? admission.await(lane, 2, wait)
                    : handOver.await(() -> admission.await(lane, 2, wait));
        } catch (InterruptedException interrupted) {
            if (!handOver.begun()) {
                Thread.currentThread().interrupt();
                throw new WorkHandedOver();
            }
            return 0;
        }
    }

    /**
     * A retry's wait of {@code wait} after {@code failed} begins, or the retry ends: with the budget spent when the
     * next attempt could not go out within {@code max-duration}, handed over when it could not be answered before
     * the hand-over's deadline. A wait begun before the hand-over is woken by it, which ends the retry too.
     */
    void beginBackoff(Duration wait, TransientGatewayException failed) {
        if (wait.toNanos() >= left()) {
            throw spent(failed, "the next retry would pass max-duration " + retry.maxDuration());
        }
        if (!handOver.waitBegins() && !handOver.allowsWait(wait.toNanos() + needs)) {
            throw new WorkHandedOver();
        }
    }

    /**
     * Whether the retry ended because its backoff was interrupted (by the hand-over, or by whoever stops the
     * thread, whose interrupt stays set); the hand-over's interrupt is spent.
     */
    private boolean backoffCutShort() {
        boolean interrupted = Thread.currentThread().isInterrupted();
        handOver.waitEnded();
        return interrupted;
    }

    private static TransientGatewayException spent(TransientGatewayException failed, String limit) {
        return new TransientGatewayException(
                failed.kind(), failed.getMessage() + "; retry budget spent: " + limit, failed);
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
