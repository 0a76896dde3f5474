package io.tokenpolicy.worker.tokenapi;

import static io.tokenpolicy.worker.apply.Lane.BILLING;
import static io.tokenpolicy.worker.apply.Lane.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.apply.Lane;
import io.tokenpolicy.worker.config.RateLimitScope;
import io.tokenpolicy.worker.ops.RateLimitStatus;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayRateLimitTest {

    private static final Duration WINDOW = Duration.ofSeconds(180);

    private final AtomicLong now = new AtomicLong(1_000);
    private final RateLimitStatus status = new RateLimitStatus();
    private final GatewayRateLimit limit =
            new GatewayRateLimit(new LanePermits(10, 0), LimitShare.whole(10), WINDOW, now::get, status);

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        callers.shutdownNow();
        limit.close();
    }

    @Test
    void aPermitComesBackOneWindowAfterTheAnswerAndNotBefore() throws InterruptedException {
        assertThat(limit.tryAcquire(BILLING, 0)).isTrue();
        limit.answered(BILLING);

        now.addAndGet(WINDOW.toNanos() - 1);
        limit.returnDue();
        assertThat(limit.held()).isEqualTo(1);

        now.addAndGet(1);
        limit.returnDue();
        assertThat(limit.held()).isZero();
    }

    @Test
    void permitsDueTogetherComeBackTogetherAndLaterOnesWait() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(limit.tryAcquire(BILLING, 0)).isTrue();
            limit.answered(BILLING);
        }
        now.addAndGet(5);
        assertThat(limit.tryAcquire(BILLING, 0)).isTrue();
        limit.answered(BILLING);

        now.addAndGet(WINDOW.toNanos() - 5);
        limit.returnDue();
        assertThat(limit.held()).isEqualTo(1);

        now.addAndGet(5);
        limit.returnDue();
        assertThat(limit.held()).isZero();
    }

    @Test
    void a429TakesHalfThePermitsOutForOneWindow() {
        limit.tooManyRequests(Duration.ZERO);
        assertThat(limit.held()).isEqualTo(5);

        now.addAndGet(WINDOW.toNanos());
        limit.returnDue();
        assertThat(limit.held()).isZero();
    }

    @Test
    void aPermitBillingSpentComesBackAfterItsWindowAndGoesToAWaitingSecurityCallFirst() throws Exception {
        LanePermits permits = new LanePermits(2, 0.5);
        try (GatewayRateLimit reserved = new GatewayRateLimit(permits, WINDOW, now::get)) {
            spend(reserved, BILLING);
            now.addAndGet(5);
            spend(reserved, BILLING);
            Future<Boolean> billing = waitingFor(permits, reserved, BILLING);
            Future<Boolean> security = waitingFor(permits, reserved, SECURITY);

            now.addAndGet(WINDOW.toNanos() - 6);
            reserved.returnDue();
            assertThat(permits.waiting(SECURITY))
                    .as("not before its window has passed")
                    .isEqualTo(1);

            now.addAndGet(1);
            reserved.returnDue();
            assertThat(security.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(billing).isNotDone();

            now.addAndGet(5);
            reserved.returnDue();
            assertThat(billing.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void a429TakesHalfThePermitsFromBothLanes() throws InterruptedException {
        assertThat(limit.tryAcquire(SECURITY, 0)).isTrue();
        limit.tooManyRequests(Duration.ZERO);
        assertThat(limit.held()).isEqualTo(6);

        for (int i = 0; i < 4; i++) {
            assertThat(limit.tryAcquire(BILLING, 0)).isTrue();
        }
        assertThat(limit.tryAcquire(SECURITY, 0)).isFalse();
    }

    @Test
    void aShareThatShrinksAppliesToNewPermitsWhileThoseInTheWindowStayCounted() throws InterruptedException {
        LimitShare share = new LimitShare(30, WINDOW, RateLimitScope.GROUP, now::get);
        share.assigned(Set.of(0, 1, 2, 3, 4, 5), 6);
        try (GatewayRateLimit shared = sharedLimit(share)) {
            for (int i = 0; i < 20; i++) {
                spend(shared, BILLING);
            }

            share.revoked(Set.of(3, 4, 5));
            share.assigned(Set.of(0, 1, 2), 6);
            shared.returnDue();
            assertThat(shared.tryAcquire(BILLING, 0))
                    .as("20 calls in the window, 15 the share")
                    .isFalse();
            assertThat(status.share().requests()).isEqualTo(15);
            assertThat(status.share().share()).isEqualTo(0.5);

            now.addAndGet(WINDOW.toNanos());
            shared.returnDue();
            for (int i = 0; i < 15; i++) {
                spend(shared, BILLING);
            }
            assertThat(shared.tryAcquire(BILLING, 0)).isFalse();
        }
    }

    @Test
    void aShareGainedFromAnotherInstanceIsUsedOneWindowLater() throws InterruptedException {
        LimitShare share = new LimitShare(30, WINDOW, RateLimitScope.GROUP, now::get);
        share.assigned(Set.of(0, 1, 2, 3, 4, 5), 6);
        share.revoked(Set.of(0, 1, 2, 3, 4, 5));
        share.assigned(Set.of(0, 1, 2), 6);
        try (GatewayRateLimit shared = sharedLimit(share)) {
            share.revoked(Set.of(0, 1, 2));
            share.assigned(Set.of(0, 1, 2, 3, 4, 5), 6);
            shared.returnDue();
            for (int i = 0; i < 15; i++) {
                spend(shared, BILLING);
            }
            assertThat(shared.tryAcquire(BILLING, 0)).isFalse();

            now.addAndGet(WINDOW.toNanos() - 1);
            shared.returnDue();
            assertThat(shared.tryAcquire(BILLING, 0)).isFalse();

            now.addAndGet(1);
            shared.returnDue();
            assertThat(status.share().requests()).isEqualTo(30);
            assertThat(shared.tryAcquire(BILLING, 0)).isTrue();
        }
    }

    @Test
    void a429WithRetryAfterHoldsBackEveryCallOfBothLanesUntilThen() throws Exception {
        limit.tooManyRequests(Duration.ofSeconds(30));
        assertThat(limit.paused()).isTrue();
        assertThat(limit.tryAcquire(SECURITY, 0)).isFalse();
        assertThat(limit.tryAcquire(BILLING, 0)).isFalse();
        Future<Boolean> security = callers.submit(() -> limit.tryAcquire(SECURITY, TimeUnit.SECONDS.toNanos(30)));
        Future<Boolean> billing = callers.submit(() -> limit.tryAcquire(BILLING, TimeUnit.SECONDS.toNanos(30)));

        now.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        limit.returnDue();
        assertThat(limit.paused()).isTrue();
        assertThat(security).isNotDone();

        now.addAndGet(1);
        limit.returnDue();
        assertThat(security.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(billing.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(limit.paused()).isFalse();
    }

    @Test
    void aShorterRetryAfterDoesNotShortenThePause() {
        limit.tooManyRequests(Duration.ofSeconds(30));
        limit.tooManyRequests(Duration.ofSeconds(1));

        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(limit.paused()).isTrue();
    }

    @Test
    void aRetryAfterLongerThanTheWindowPausesForOneWindowAtMost() throws InterruptedException {
        limit.tooManyRequests(Duration.ofSeconds(1_000_000_000));

        now.addAndGet(WINDOW.toNanos() - 1);
        assertThat(limit.paused()).isTrue();
        now.addAndGet(1);
        limit.returnDue();
        assertThat(limit.paused()).as("the security lane calls again").isFalse();
        assertThat(limit.tryAcquire(SECURITY, 0)).isTrue();
    }

    @Test
    void aRetryAfterBeyondTheCalendarPausesForOneWindowWithoutFailingTheCall() {
        limit.tooManyRequests(Duration.ofSeconds(Long.MAX_VALUE));

        assertThat(limit.paused()).isTrue();
        now.addAndGet(WINDOW.toNanos());
        assertThat(limit.paused()).isFalse();
    }

    @Test
    void a429WithoutRetryAfterOnlyHalvesTheRate() {
        limit.tooManyRequests(Duration.ZERO);

        assertThat(limit.paused()).isFalse();
        assertThat(status.pausedUntil()).isNull();
    }

    private GatewayRateLimit sharedLimit(LimitShare share) {
        return new GatewayRateLimit(new LanePermits(30, 0), share, WINDOW, now::get, status);
    }

    private void spend(GatewayRateLimit limit, Lane lane) throws InterruptedException {
        assertThat(limit.tryAcquire(lane, 0)).isTrue();
        limit.answered(lane);
    }

    private Future<Boolean> waitingFor(LanePermits permits, GatewayRateLimit limit, Lane lane) {
        Future<Boolean> call = callers.submit(() -> limit.tryAcquire(lane, TimeUnit.SECONDS.toNanos(30)));
        await(lane + " call queued").atMost(Duration.ofSeconds(5)).until(() -> permits.waiting(lane) == 1);
        return call;
    }
}
