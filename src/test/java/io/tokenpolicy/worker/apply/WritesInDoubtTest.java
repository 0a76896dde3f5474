package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A write whose outcome is in doubt keeps its token from the next read and write until it has settled. */
class WritesInDoubtTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final WritesInDoubt doubts = new WritesInDoubt(SETTLE);
    private final FakeTokenGateway fake = new FakeTokenGateway().with(CatalogueTableTest.enabled());
    private final TokenGateway gateway = doubts.watching(fake);

    @Test
    void writeThatTimedOutKeepsItsTokenUnsettledAndItsRetryWaitsForTheSettleTime() {
        fake.failing("replace", 1, () -> new TransientGatewayException(Kind.TIMED_OUT, "PUT: timed out", null));
        StoredToken read = gateway.read(FakeTokenGateway.USER_ID, 42);

        TransientGatewayException failed = catchThrowableOfType(
                TransientGatewayException.class,
                () -> gateway.replace(read, read.state().withRemainQuota(900)));

        assertThat(failed.inDoubt()).isTrue();
        assertThat(failed.retryAfter()).isGreaterThan(SETTLE.minusSeconds(5)).isLessThanOrEqualTo(SETTLE);
        assertThat(doubts.untilSettled(42)).isGreaterThan(SETTLE.minusSeconds(5));
        assertThat(doubts.untilSettled(43)).isZero();
    }

    @Test
    void settleTimeCountsFromWhenTheWorkerGaveUpNotFromWhenTheCallBegan() {
        AtomicLong now = new AtomicLong();
        WritesInDoubt gaveUpLate = new WritesInDoubt(SETTLE, now::get);
        // the call's deadline came a second after it began: the request may have been sent just before it
        fake.failing("replace", 1, () -> {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            return new TransientGatewayException(Kind.TIMED_OUT, "PUT: timed out", null);
        });
        TokenGateway watched = gaveUpLate.watching(fake);
        StoredToken read = watched.read(FakeTokenGateway.USER_ID, 42);

        TransientGatewayException failed = catchThrowableOfType(
                TransientGatewayException.class,
                () -> watched.replace(read, read.state().withRemainQuota(900)));

        assertThat(gaveUpLate.untilSettled(42)).isEqualTo(SETTLE);
        assertThat(failed.retryAfter()).isEqualTo(SETTLE);
    }

    @Test
    void waitForEveryWriteInDoubtEndsWhenTheLastHasSettled() {
        WritesInDoubt shortly = new WritesInDoubt(Duration.ofMillis(200));
        writeThatTimesOut(shortly.watching(fake));

        shortly.awaitAllSettled(System.nanoTime() + Duration.ofSeconds(10).toNanos());

        assertThat(shortly.untilSettled(42)).isZero();
    }

    @Test
    void waitForEveryWriteInDoubtEndsAtItsDeadline() {
        writeThatTimesOut(gateway);

        doubts.awaitAllSettled(System.nanoTime() + Duration.ofMillis(50).toNanos());

        assertThat(doubts.untilSettled(42)).isPositive();
    }

    @Test
    void proxysBadGatewayAfterTheWriteWasSentIsInDoubtToo() {
        fake.failing(
                "status",
                1,
                () -> new TransientGatewayException(Kind.UNAVAILABLE, "PUT: HTTP 502", null, Duration.ZERO, true));
        StoredToken read = gateway.read(FakeTokenGateway.USER_ID, 42);

        assertThatThrownBy(() -> gateway.changeStatus(read, TokenStatus.DISABLED))
                .isInstanceOf(TransientGatewayException.class);

        assertThat(doubts.untilSettled(42)).isPositive();
    }

    @Test
    void writeThatSurelyDidNotLandAndAReadThatTimedOutLeaveTheTokenSettled() {
        StoredToken read = fake.read(FakeTokenGateway.USER_ID, 42);
        TokenState token = read.state();
        fake.failing("replace", 1, () -> new TransientGatewayException(Kind.REFUSED, "PUT: database is locked", null))
                .failing("status", 1, () -> new TransientGatewayException("PUT: HTTP 503"))
                .failing("read", 1, () -> new TransientGatewayException(Kind.TIMED_OUT, "GET: timed out", null));

        assertThatThrownBy(() -> gateway.replace(read, token.withRemainQuota(900)))
                .isInstanceOf(TransientGatewayException.class);
        assertThatThrownBy(() -> gateway.changeStatus(read, TokenStatus.DISABLED))
                .isInstanceOf(TransientGatewayException.class);
        assertThatThrownBy(() -> gateway.read(FakeTokenGateway.USER_ID, 42))
                .isInstanceOf(TransientGatewayException.class);

        assertThat(doubts.untilSettled(42)).isZero();
    }

    @Test
    void waitForATokenInDoubtEndsAtTheHandOver() {
        writeThatTimesOut(gateway);
        HandOver handOver = new HandOver();
        handOver.begin(Duration.ofSeconds(5));

        assertThatThrownBy(() -> doubts.awaitSettled(42, handOver, Duration.ofSeconds(1)))
                .isInstanceOf(WorkHandedOver.class);
        doubts.awaitSettled(43, handOver, Duration.ofSeconds(1));
    }

    /** A write of token 42 through {@code watched} that times out. */
    private void writeThatTimesOut(TokenGateway watched) {
        fake.failing("replace", 1, () -> new TransientGatewayException(Kind.TIMED_OUT, "PUT: timed out", null));
        StoredToken read = watched.read(FakeTokenGateway.USER_ID, 42);
        assertThatThrownBy(() -> watched.replace(read, read.state().withRemainQuota(900)))
                .isInstanceOf(TransientGatewayException.class);
    }
}
