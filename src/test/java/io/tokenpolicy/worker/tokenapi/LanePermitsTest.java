package io.tokenpolicy.worker.tokenapi;

import static io.tokenpolicy.worker.apply.Lane.BILLING;
import static io.tokenpolicy.worker.apply.Lane.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.apply.Lane;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Security calls go first and keep a share of the permits while their lane is active; billing
 * borrows that share only while the lane is idle. Waiters are queued before anything is freed, so
 * every step is decided by the pool's state, not by timing.
 */
class LanePermitsTest {

    private static final long NOW = 0;
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void securityTakesTheNextFreedPermitBeforeAnyWaitingBillingCall() throws Exception {
        LanePermits permits = new LanePermits(2, 0.5);
        takeAll(permits, BILLING, 2);
        Future<Boolean> billing = waitingFor(permits, BILLING);
        Future<Boolean> security = waitingFor(permits, SECURITY);

        permits.giveBack(BILLING, 1);

        assertThat(security.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(billing).isNotDone();
        permits.giveBack(BILLING, 1);
        assertThat(billing.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void billingBorrowsTheReserveOnlyWhileNoSecurityCallWaits() throws Exception {
        LanePermits permits = new LanePermits(10, 0.2);
        takeAll(permits, BILLING, 10);
        Future<Boolean> security = waitingFor(permits, SECURITY);

        permits.giveBack(BILLING, 1);
        assertThat(security.get(5, TimeUnit.SECONDS))
                .as("a permit billing spent is not taken back; the next freed one is security's")
                .isTrue();
        permits.giveBack(BILLING, 1);

        assertThat(permits.take(BILLING, NOW))
                .as("billing holds 8, its share, while the security lane is active")
                .isFalse();
        assertThat(permits.take(SECURITY, NOW)).isTrue();
    }

    @Test
    void billingLeavesTheReserveToSecurityWhileASecurityCallHoldsAPermit() throws InterruptedException {
        LanePermits permits = new LanePermits(10, 0.2);
        assertThat(permits.take(SECURITY, NOW)).isTrue();

        takeAll(permits, BILLING, 8);

        assertThat(permits.take(BILLING, NOW)).as("billing's share is 8").isFalse();
        assertThat(permits.take(SECURITY, NOW))
                .as("the reserve's second permit")
                .isTrue();
        permits.giveBack(SECURITY, 2);
        assertThat(permits.take(BILLING, NOW)).as("the lane is idle again").isTrue();
    }

    @Test
    void withNoReserveTheLimitBehavesAsBefore() throws Exception {
        LanePermits permits = new LanePermits(3, 0);
        assertThat(permits.take(SECURITY, NOW)).isTrue();

        takeAll(permits, BILLING, 2);
        Future<Boolean> first = waitingFor(permits, BILLING);
        Future<Boolean> second = waitingFor(permits, BILLING);

        assertThat(permits.held()).isEqualTo(3);
        permits.giveBack(BILLING, 1);
        assertThat(first.get(5, TimeUnit.SECONDS)).as("in the order of asking").isTrue();
        assertThat(second).isNotDone();
        permits.giveBack(SECURITY, 1);
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSecurityWaitThatEndsHoldsNothingAndLetsBillingGoOn() throws Exception {
        LanePermits permits = new LanePermits(1, 0);
        takeAll(permits, BILLING, 1);
        Future<Boolean> billing = waitingFor(permits, BILLING);
        Future<Boolean> security = callers.submit(() -> permits.take(SECURITY, TimeUnit.MILLISECONDS.toNanos(50)));

        assertThat(security.get(5, TimeUnit.SECONDS)).isFalse();
        permits.giveBack(BILLING, 1);

        assertThat(billing.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(permits.waiting(SECURITY)).isZero();
    }

    @Test
    void anInterruptedWaitHoldsNothing() throws Exception {
        LanePermits permits = new LanePermits(1, 0);
        takeAll(permits, BILLING, 1);
        Future<Boolean> security = waitingFor(permits, SECURITY);

        security.cancel(true);
        await("the interrupted wait leaves the queue").atMost(BOUND).until(() -> permits.waiting(SECURITY) == 0);
        permits.giveBack(BILLING, 1);

        assertThat(permits.take(BILLING, NOW)).isTrue();
    }

    @Test
    void aPenaltyTakesFreePermitsOutForNoLaneUntilTheyArePutBack() throws InterruptedException {
        LanePermits permits = new LanePermits(4, 0.5);
        assertThat(permits.takeOut(2)).isTrue();
        assertThat(permits.takeOut(3)).as("all or none").isFalse();

        takeAll(permits, BILLING, 2);

        assertThat(permits.take(SECURITY, NOW)).isFalse();
        permits.putBack(2);
        assertThat(permits.held()).isEqualTo(2);
    }

    @Test
    void theReserveIsTheShareRoundedAndNeverEveryPermit() {
        assertThat(new LanePermits(180, 0.2).reserved()).isEqualTo(36);
        assertThat(new LanePermits(64, 0.2).reserved()).isEqualTo(13);
        assertThat(new LanePermits(1, 0.5).reserved()).isZero();
        assertThat(new LanePermits(5, 0).reserved()).isZero();
        assertThatThrownBy(() -> new LanePermits(5, 0.6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fewerPermitsKeepThoseHeldAndFreeNoneUntilEnoughHaveComeBack() throws InterruptedException {
        LanePermits permits = new LanePermits(10, 0);
        takeAll(permits, BILLING, 6);

        permits.resize(4, 4);
        assertThat(permits.held()).as("held permits stay held").isEqualTo(6);
        assertThat(permits.take(BILLING, NOW)).isFalse();
        assertThat(permits.take(SECURITY, NOW)).isFalse();

        permits.giveBack(BILLING, 2);
        assertThat(permits.take(BILLING, NOW)).as("4 held of 4").isFalse();
        permits.giveBack(BILLING, 1);
        assertThat(permits.take(BILLING, NOW)).isTrue();
        assertThat(permits.take(BILLING, NOW)).isFalse();
    }

    @Test
    void morePermitsAreFreeAtOnceAndWakeAWaitingCall() throws Exception {
        LanePermits permits = new LanePermits(2, 0);
        takeAll(permits, BILLING, 2);
        Future<Boolean> billing = waitingFor(permits, BILLING);

        permits.resize(3, 3);
        assertThat(billing.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(permits.held()).isEqualTo(3);
    }

    @Test
    void aFloorOnlySecurityTakesIsNeverBilling() throws InterruptedException {
        LanePermits permits = new LanePermits(10, 0.2);
        permits.resize(2, 0);
        assertThat(permits.take(BILLING, NOW)).isFalse();
        assertThat(permits.take(SECURITY, NOW)).isTrue();

        permits.resize(2, 1);
        assertThat(permits.take(BILLING, NOW)).isTrue();
        assertThat(permits.take(BILLING, NOW)).as("billing's one").isFalse();
    }

    @Test
    void theReserveIsAShareOfBillingsPermits() {
        LanePermits permits = new LanePermits(180, 0.2);
        permits.resize(60, 60);
        assertThat(permits.reserved()).isEqualTo(12);
        permits.resize(2, 1);
        assertThat(permits.reserved()).as("never all of billing's").isZero();
    }

    @Test
    void aPairIsTakenWholeInItsPlaceInLineAndNoneIsHeldWhileItWaits() throws Exception {
        LanePermits permits = new LanePermits(3, 0);
        takeAll(permits, BILLING, 2);
        Future<Integer> pair = callers.submit(() -> permits.take(BILLING, 2, LONG));
        await("the pair queued").atMost(BOUND).until(() -> permits.waiting(BILLING) == 1);

        assertThat(permits.held())
                .as("one permit free, none of it taken by the waiting pair")
                .isEqualTo(2);
        assertThat(permits.take(BILLING, NOW))
                .as("a single call asking later waits behind the pair")
                .isFalse();
        permits.giveBack(BILLING, 1);

        assertThat(pair.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(permits.held()).isEqualTo(3);
    }

    @Test
    void aPairIsCutToWhatTheLaneMayHoldAtAll() throws InterruptedException {
        assertThat(new LanePermits(1, 0).take(BILLING, 2, NOW)).isEqualTo(1);
        LanePermits billingOfOne = new LanePermits(2, 0);
        billingOfOne.resize(2, 1);
        assertThat(billingOfOne.take(BILLING, 2, NOW))
                .as("billing may hold 1 of 2")
                .isEqualTo(1);
        assertThat(billingOfOne.take(SECURITY, 2, NOW))
                .as("security may hold both, so it waits for both, not for the one that is free")
                .isZero();
        assertThat(billingOfOne.take(SECURITY, 1, NOW)).isEqualTo(1);
    }

    private static void takeAll(LanePermits permits, Lane lane, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            assertThat(permits.take(lane, NOW))
                    .as("permit %d of %s", i + 1, lane)
                    .isTrue();
        }
    }

    /** A call of {@code lane} that asks for a permit and is queued before this returns. */
    private Future<Boolean> waitingFor(LanePermits permits, Lane lane) {
        int before = permits.waiting(lane);
        Future<Boolean> call = callers.submit(() -> permits.take(lane, LONG));
        await(lane + " call queued").atMost(BOUND).until(() -> permits.waiting(lane) == before + 1);
        return call;
    }
}
