package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GatewayCallsTest {

    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void permanentFailureIsNeverRetried() {
        GatewayCalls calls =
                calls(retry(10, Duration.ofSeconds(5)), circuit(100, Duration.ofSeconds(1)), new HandOver());

        assertThatThrownBy(() -> calls.call(failing(() -> new PermanentGatewayException("record not found"))))
                .isInstanceOf(PermanentGatewayException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retriesStopBeforeTheyWouldPassMaxDuration() {
        GatewayCalls calls =
                calls(retry(1000, Duration.ofMillis(300)), circuit(1000, Duration.ofSeconds(1)), new HandOver());

        assertThatThrownBy(() -> calls.call(failing(() -> new TransientGatewayException("HTTP 503"))))
                .isInstanceOf(TransientGatewayException.class)
                .hasMessageContaining("HTTP 503; retry budget spent: the next retry would pass max-duration PT0.3S");
        assertThat(attempts.get()).isBetween(2, 20);
    }

    @Test
    void openCircuitHoldsCallsBackAndLetsOnlyProbesThrough() {
        GatewayCircuit circuit = circuit(3, Duration.ofMillis(200));
        GatewayCalls calls = calls(retry(1000, Duration.ofSeconds(1)), circuit, new HandOver());

        assertThatThrownBy(() -> calls.call(failing(() -> new TransientGatewayException("HTTP 502"))))
                .isInstanceOf(TransientGatewayException.class);

        assertThat(attempts.get())
                .as("3 failures open the circuit, then about one probe per 200 ms")
                .isBetween(4, 9);
        assertThat(circuit.status().state()).isNotEqualTo(CircuitStatus.State.CLOSED);
        assertThat(circuit.status().reason()).contains("HTTP 502");
    }

    @Test
    void successfulProbeClosesTheCircuit() {
        GatewayCircuit circuit = circuit(2, Duration.ofMillis(100));
        GatewayCalls calls = calls(retry(1000, Duration.ofSeconds(5)), circuit, new HandOver());

        StoredToken read = calls.call(() -> {
            if (attempts.incrementAndGet() <= 4) {
                throw new TransientGatewayException("HTTP 502");
            }
            return null;
        });

        assertThat(read).isNull();
        assertThat(circuit.status().state()).isEqualTo(CircuitStatus.State.CLOSED);
        assertThat(circuit.status().consecutiveFailures()).isZero();
    }

    @Test
    void manyCallsWaitingThroughAnOutageAllGoThroughOnceTheGatewayIsBack() throws Exception {
        GatewayCircuit circuit = circuit(3, Duration.ofMillis(30));
        AtomicBoolean down = new AtomicBoolean(true);
        ExecutorService tokens = Executors.newFixedThreadPool(16);
        try {
            List<Future<StoredToken>> calls = IntStream.range(0, 16)
                    .mapToObj(
                            i -> tokens.submit(() -> calls(retry(1000, Duration.ofSeconds(20)), circuit, new HandOver())
                                    .call(() -> {
                                        if (down.get()) {
                                            throw new TransientGatewayException("HTTP 502");
                                        }
                                        return null;
                                    })))
                    .toList();
            await("the circuit opens").atMost(Duration.ofSeconds(5)).until(() -> !circuit.isClosed());
            await("probes fail for a while")
                    .pollDelay(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> true);
            down.set(false);

            for (Future<StoredToken> call : calls) {
                assertThat(call.get(10, TimeUnit.SECONDS)).isNull();
            }
            assertThat(circuit.isClosed()).isTrue();
        } finally {
            tokens.shutdownNow();
        }
    }

    @Test
    void rateLimitedCallsNeverOpenTheCircuit() {
        GatewayCircuit circuit = circuit(2, Duration.ofSeconds(10));
        GatewayCalls calls = calls(retry(5, Duration.ofSeconds(5)), circuit, new HandOver());

        assertThatThrownBy(() ->
                        calls.call(failing(() -> new TransientGatewayException(Kind.RATE_LIMITED, "HTTP 429", null))))
                .hasMessageContaining("max-attempts 5 reached");
        assertThat(attempts).hasValue(5);
        assertThat(circuit.status().state()).isEqualTo(CircuitStatus.State.CLOSED);
    }

    @Test
    void duringAHandOverAWriteGoesOutOnlyIfItsSettleTimeFitsBeforeTheDeadline() {
        HandOver handOver = new HandOver();
        // answered within 400 ms, and settled 400 ms after the worker gave up on it, should it end in doubt
        GatewayCalls calls = ApplyConfiguration.gatewayRetry(
                        retry(5, Duration.ofSeconds(5)),
                        circuit(100, Duration.ofSeconds(1)),
                        CallAdmission.UNLIMITED,
                        Duration.ofMillis(400))
                .begin(Lane.BILLING, handOver);
        handOver.begin(Duration.ofMillis(700));

        assertThatThrownBy(() -> calls.write(failing(() -> new IllegalStateException("a write went out"))))
                .isInstanceOf(WorkHandedOver.class);
        assertThat(attempts).as("writes sent").hasValue(0);
        FakeTokenGateway gateway = new FakeTokenGateway().with(CatalogueTableTest.enabled());
        assertThat(calls.call(() -> gateway.read(FakeTokenGateway.USER_ID, 42)))
                .as("a read, answered before the deadline, still goes out")
                .isNotNull();
    }

    @Test
    void handOverStopsARetryThatWouldOutlastIt() {
        HandOver handOver = new HandOver();
        GatewayCalls calls = backingOff(Duration.ofSeconds(5), handOver);
        handOver.begin(Duration.ofMillis(100));

        assertThatThrownBy(() -> calls.call(failing(() -> new TransientGatewayException("HTTP 503"))))
                .isInstanceOf(WorkHandedOver.class);
        assertThat(calls.elapsed())
                .as("stopped instead of waiting out a backoff of 2.5 s or more")
                .isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aRetryWaitsAsLongAsTheGatewayAskedInRetryAfter() {
        Duration betweenAttempts = betweenTheFirstTwoAttempts(
                () -> new TransientGatewayException(Kind.RATE_LIMITED, "HTTP 429", null, Duration.ofMillis(400)));

        assertThat(betweenAttempts)
                .as("Retry-After 400 ms, not the backoff of 10 to 20 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aRetryAfterTooLongForTheBudgetEndsTheRetryHoweverLongItIs() {
        for (Duration asked : List.of(Duration.ofDays(365), Duration.ofSeconds(Long.MAX_VALUE))) {
            GatewayCalls calls =
                    calls(retry(10, Duration.ofSeconds(5)), circuit(100, Duration.ofSeconds(1)), new HandOver());

            assertThatThrownBy(() -> calls.call(
                            failing(() -> new TransientGatewayException(Kind.RATE_LIMITED, "HTTP 429", null, asked))))
                    .as("Retry-After %s", asked)
                    .isInstanceOf(TransientGatewayException.class)
                    .hasMessageContaining("HTTP 429; retry budget spent");
        }
    }

    @Test
    void aCallThatTimedOutIsRetriedNoSoonerThanItTook() {
        Duration betweenAttempts = betweenTheFirstTwoAttempts(() -> {
            answerAfter(Duration.ofMillis(300));
            return new TransientGatewayException(Kind.TIMED_OUT, "HttpTimeoutException", null);
        });

        assertThat(betweenAttempts)
                .as("300 ms for the call, then at least 300 ms more before the retry")
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void everyRetryIsCounted() {
        AtomicInteger retried = new AtomicInteger();
        GatewayCalls calls = new GatewayRetry(
                        retry(10, Duration.ofSeconds(5)),
                        circuit(100, Duration.ofSeconds(1)),
                        CallAdmission.UNLIMITED,
                        Duration.ofSeconds(1),
                        retried::incrementAndGet)
                .begin(Lane.BILLING, new HandOver());

        calls.call(() -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new TransientGatewayException("HTTP 503");
            }
            return null;
        });

        assertThat(retried).hasValue(2);
        assertThat(calls.attempts()).isEqualTo(3);
        assertThat(calls.calls()).isEqualTo(1);
    }

    @Test
    void aRetryWhoseAnswerWouldComeAfterTheHandOversDeadlineIsNotWaitedFor() {
        HandOver handOver = new HandOver();
        GatewayCalls calls = backingOff(Duration.ofSeconds(5), handOver);
        handOver.begin(Duration.ofSeconds(3));

        assertThatThrownBy(() -> calls.call(failing(() -> new TransientGatewayException("HTTP 503"))))
                .isInstanceOf(WorkHandedOver.class);
        assertThat(attempts).as("the first attempt had time, its retry none").hasValue(1);
        assertThat(calls.elapsed()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBackoffUnderWayWhenTheHandOverBeginsEndsTheWorkAtOnceWithNoInterruptLeft() throws Exception {
        HandOver handOver = new HandOver();
        GatewayCalls calls = backingOff(Duration.ofSeconds(30), handOver);
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicBoolean interruptLeft = new AtomicBoolean(true);
        ExecutorService token = Executors.newSingleThreadExecutor();
        try {
            Future<StoredToken> backingOff = token.submit(() -> {
                worker.set(Thread.currentThread());
                try {
                    return calls.call(failing(() -> new TransientGatewayException("HTTP 503")));
                } finally {
                    interruptLeft.set(Thread.currentThread().isInterrupted());
                }
            });
            await("the retry waits out its backoff of 15 s or more")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> attempts.get() == 1 && worker.get().getState() == Thread.State.TIMED_WAITING);

            handOver.begin(Duration.ofMinutes(1));

            assertThatThrownBy(() -> backingOff.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(WorkHandedOver.class);
            assertThat(calls.elapsed()).isLessThan(Duration.ofSeconds(10));
            assertThat(attempts).hasValue(1);
            assertThat(interruptLeft).as("the hand-over's interrupt is spent").isFalse();
        } finally {
            token.shutdownNow();
        }
    }

    @Test
    void aCallWaitingForItsTurnStopsOnceTheHandOverLeavesNoTimeForIt() throws Exception {
        HandOver handOver = new HandOver();
        GatewayCalls calls = ApplyConfiguration.gatewayRetry(
                        retry(10, Duration.ofMinutes(5)),
                        circuit(100, Duration.ofSeconds(1)),
                        NEVER_ADMITTED,
                        Duration.ofMillis(500))
                .begin(Lane.BILLING, handOver);
        ExecutorService token = Executors.newSingleThreadExecutor();
        try {
            Future<StoredToken> waiting =
                    token.submit(() -> calls.call(failing(() -> new IllegalStateException("sent"))));
            await("the call waits for its turn")
                    .pollDelay(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !waiting.isDone());

            handOver.begin(Duration.ofSeconds(1));

            assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(WorkHandedOver.class);
            assertThat(calls.elapsed())
                    .as("gave up half a second before the deadline, not minutes later")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(attempts).hasValue(0);
        } finally {
            token.shutdownNow();
        }
    }

    @Test
    void aWaitForATurnEndsWithTheRetryBudget() {
        GatewayCalls calls = ApplyConfiguration.gatewayRetry(
                        retry(10, Duration.ofMillis(300)),
                        circuit(100, Duration.ofSeconds(1)),
                        NEVER_ADMITTED,
                        Duration.ofMillis(100))
                .begin(Lane.BILLING, new HandOver());

        assertThatThrownBy(() -> calls.call(failing(() -> new IllegalStateException("sent"))))
                .isInstanceOf(TransientGatewayException.class)
                .hasMessageContaining("retry budget spent: max-duration PT0.3S reached");
        assertThat(attempts).hasValue(0);
    }

    @Test
    void aBillingRetryNeverHoldsAPermitWhileItWaits() {
        TurnsTaken turns = new TurnsTaken();
        GatewayCalls calls = inTurns(turns, 4).begin(Lane.BILLING, new HandOver());

        assertThatThrownBy(() -> calls.call(failing(() -> new TransientGatewayException("HTTP 503"))))
                .hasMessageContaining("max-attempts 4 reached");

        assertThat(turns.asked).containsExactly(Lane.BILLING, Lane.BILLING, Lane.BILLING, Lane.BILLING);
        assertThat(turns.heldWhenAsked)
                .as("turns held while the next attempt waited for its own")
                .containsOnly(0);
        assertThat(turns.held).isZero();
    }

    @Test
    void aSecurityBatchAsksForEveryTurnInTheSecurityLane() {
        TurnsTaken turns = new TurnsTaken();
        GatewayCalls calls = inTurns(turns, 2).begin(Lane.SECURITY, new HandOver());

        calls.call(() -> null);
        assertThatThrownBy(() -> calls.call(failing(() -> new TransientGatewayException("HTTP 503"))))
                .isInstanceOf(TransientGatewayException.class);

        assertThat(turns.asked).containsOnly(Lane.SECURITY).hasSize(3);
        assertThat(turns.held).isZero();
    }

    @Test
    void aBillingBatchAsksForItsNextTurnsInTheSecurityLaneOnceASecurityEventOfItsTokenWaits() {
        TurnsTaken turns = new TurnsTaken();
        AtomicBoolean securityWaiting = new AtomicBoolean();
        GatewayCalls calls = inTurns(turns, 2).begin(new BatchLane(Lane.BILLING, securityWaiting::get), new HandOver());

        calls.call(() -> null);
        securityWaiting.set(true);
        calls.call(() -> null);

        assertThat(turns.asked).containsExactly(Lane.BILLING, Lane.SECURITY);
        assertThat(turns.held).isZero();
    }

    @Test
    void aCallTakesTheNextCallsTurnWithItsOwnAndTheNextCallGoesOutOnItWithoutAsking() {
        TurnsTaken turns = TurnsTaken.inPairs();
        GatewayCalls calls = inTurns(turns, 2).begin(Lane.BILLING, new HandOver());

        calls.call(() -> null);
        assertThat(turns.held)
                .as("the next call's turn, held across the answer")
                .isEqualTo(1);
        calls.call(() -> null);
        calls.call(() -> null);
        calls.done();

        assertThat(turns.asked)
                .as("the second call asked for no turn: it had one")
                .hasSize(2);
        assertThat(turns.heldWhenAsked)
                .as("turns held while waiting for turns: none, so callers cannot hold each other up")
                .containsOnly(0);
        assertThat(turns.held)
                .as("the third call's spare given back once the batch is done")
                .isZero();
    }

    @Test
    void aFailedAttemptGivesTheNextCallsTurnBackBeforeItsBackoff() {
        TurnsTaken turns = TurnsTaken.inPairs();
        GatewayCalls calls = inTurns(turns, 3).begin(Lane.BILLING, new HandOver());

        calls.call(() -> null);
        assertThatThrownBy(() -> calls.call(failing(() -> new TransientGatewayException("HTTP 503"))))
                .hasMessageContaining("max-attempts 3 reached");

        assertThat(attempts).hasValue(3);
        assertThat(turns.asked)
                .as("the first failed attempt went out on the spare")
                .hasSize(3);
        assertThat(turns.heldWhenAsked).containsOnly(0);
        assertThat(turns.held).isZero();
    }

    @Test
    void theNextCallsTurnIsGivenBackWhileTheCircuitHoldsTheCallBack() {
        TurnsTaken turns = TurnsTaken.inPairs();
        GatewayRetry retry = ApplyConfiguration.gatewayRetry(
                retry(1, Duration.ofSeconds(5)), circuit(1, Duration.ofMillis(200)), turns, Duration.ofMillis(100));
        GatewayCalls calls = retry.begin(Lane.BILLING, new HandOver());
        calls.call(() -> null);
        assertThatThrownBy(() -> retry.begin(Lane.BILLING, new HandOver())
                        .call(failing(() -> new TransientGatewayException("HTTP 502"))))
                .as("another batch's failure opens the circuit")
                .hasMessageContaining("HTTP 502");

        calls.call(() -> null);

        assertThat(turns.asked)
                .as("the spare given back, a turn asked for again once the circuit let the call go")
                .hasSize(3);
        assertThat(turns.heldWhenAsked).containsExactly(0, 1, 0);
    }

    @Test
    void theNextCallsTurnIsGivenBackWhenA429PausedEveryCallMeanwhile() {
        TurnsTaken turns = TurnsTaken.inPairs();
        GatewayCalls calls = inTurns(turns, 2).begin(Lane.BILLING, new HandOver());
        calls.call(() -> null);

        turns.heldBack = true;
        calls.call(() -> null);

        assertThat(turns.asked)
                .as("the spare given back during the pause, the turn asked for again")
                .hasSize(2);
        assertThat(turns.heldWhenAsked).containsExactly(0, 0);
    }

    /** An admission that gives every turn at once and notes the lane asked in and the turns held at each ask. */
    private static final class TurnsTaken implements CallAdmission {
        private final List<Lane> asked = new ArrayList<>();
        private final List<Integer> heldWhenAsked = new ArrayList<>();
        private final int atOnce;
        private int held;
        private boolean heldBack;

        /** One turn at a time, whatever is asked for. */
        TurnsTaken() {
            this(1);
        }

        private TurnsTaken(int atOnce) {
            this.atOnce = atOnce;
        }

        /** As many turns at once as are asked for, two at most. */
        static TurnsTaken inPairs() {
            return new TurnsTaken(2);
        }

        @Override
        public boolean await(Lane lane, long nanos) {
            return await(lane, 1, nanos) == 1;
        }

        @Override
        public int await(Lane lane, int turns, long nanos) {
            asked.add(lane);
            heldWhenAsked.add(held);
            int taken = Math.min(turns, atOnce);
            held += taken;
            return taken;
        }

        @Override
        public void answered(Lane lane) {
            held--;
        }

        @Override
        public void unused(Lane lane) {
            held--;
        }

        @Override
        public boolean heldBack() {
            return heldBack;
        }
    }

    /** An admission whose turns never come: every wait lasts as long as it may. */
    private static final CallAdmission NEVER_ADMITTED = new CallAdmission() {
        @Override
        public boolean await(Lane lane, long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(Math.min(nanos, TimeUnit.MINUTES.toNanos(10)));
            return false;
        }

        @Override
        public void answered(Lane lane) {}

        @Override
        public void unused(Lane lane) {}
    };

    /** From the start of a call's first attempt, which fails with what {@code firstAttempt} gives, to its second's. */
    private static Duration betweenTheFirstTwoAttempts(Supplier<TransientGatewayException> firstAttempt) {
        List<Long> sent = new ArrayList<>();
        calls(retry(10, Duration.ofSeconds(5)), circuit(100, Duration.ofSeconds(1)), new HandOver())
                .call(() -> {
                    sent.add(System.nanoTime());
                    if (sent.size() == 1) {
                        throw firstAttempt.get();
                    }
                    return null;
                });
        return Duration.ofNanos(sent.get(1) - sent.get(0));
    }

    /** A gateway call that takes {@code took} before its answer, or its lack of one, comes. */
    private static void answerAfter(Duration took) {
        try {
            new CountDownLatch(1).await(took.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Supplier<StoredToken> failing(Supplier<RuntimeException> failure) {
        return () -> {
            attempts.incrementAndGet();
            throw failure.get();
        };
    }

    /** Retries of at most {@code maxAttempts} within five seconds, each attempt taking its turn from {@code turns}. */
    private static GatewayRetry inTurns(CallAdmission turns, int maxAttempts) {
        return ApplyConfiguration.gatewayRetry(
                retry(maxAttempts, Duration.ofSeconds(5)),
                circuit(100, Duration.ofSeconds(1)),
                turns,
                Duration.ofMillis(100));
    }

    private static GatewayCalls calls(RetryProperties retry, GatewayCircuit circuit, HandOver handOver) {
        return ApplyConfiguration.gatewayRetry(retry, circuit).begin(Lane.BILLING, handOver);
    }

    /** Calls that retry a hundred times, {@code backoff} apart (jittered), within five minutes. */
    private static GatewayCalls backingOff(Duration backoff, HandOver handOver) {
        return calls(
                new RetryProperties(100, backoff, backoff, Duration.ofMinutes(5)),
                circuit(1000, Duration.ofSeconds(1)),
                handOver);
    }

    private static RetryProperties retry(int maxAttempts, Duration maxDuration) {
        return new RetryProperties(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(20), maxDuration);
    }

    private static GatewayCircuit circuit(int failureThreshold, Duration openDuration) {
        return new GatewayCircuit(new CircuitProperties(failureThreshold, openDuration, 1), Clock.systemUTC());
    }
}
