package io.tokenpolicy.worker.tokenapi;

import static io.tokenpolicy.worker.apply.Lane.BILLING;
import static io.tokenpolicy.worker.apply.Lane.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.ops.RateLimitStatus;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 429's Retry-After pauses every turn of the instance: a call that had its place but waited for a slot too. */
class GatewayAdmissionPauseTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    private final AtomicLong now = new AtomicLong(1_000);
    private final LanePermits rateLimitPermits = new LanePermits(10, 0);
    private final GatewayRateLimit rateLimit =
            new GatewayRateLimit(rateLimitPermits, LimitShare.whole(10), WINDOW, now::get, new RateLimitStatus());
    private final LanePermits callSlots = new LanePermits(1, 0);
    private final GatewayAdmission admission = new GatewayAdmission(rateLimit, callSlots);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
        rateLimit.close();
    }

    @Test
    void aTurnWhosePauseBeganWhileItWaitedForASlotIsGivenBackUntilThePauseEnds() throws Exception {
        assertThat(admission.await(BILLING, 0)).isTrue();
        Future<Boolean> security = callers.submit(() -> admission.await(SECURITY, LONG));
        await("the security call holds a place and waits for the slot")
                .atMost(Duration.ofSeconds(5))
                .until(() -> callSlots.waiting(SECURITY) == 1);

        rateLimit.tooManyRequests(Duration.ofSeconds(5));
        admission.answered(BILLING);
        await("the turn given back")
                .atMost(Duration.ofSeconds(5))
                .until(() -> callSlots.held() == 0 && rateLimit.held() == 5 + 1);
        assertThat(security).isNotDone();

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        rateLimit.returnDue();
        assertThat(security.get(5, TimeUnit.SECONDS)).isTrue();
    }
}
