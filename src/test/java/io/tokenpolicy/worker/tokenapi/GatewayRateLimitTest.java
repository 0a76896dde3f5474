package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayRateLimitTest {

    private static final Duration WINDOW = Duration.ofSeconds(180);

    private final AtomicLong now = new AtomicLong(1_000);
    private final GatewayRateLimit limit = new GatewayRateLimit(10, WINDOW, now::get);

    @AfterEach
    void close() {
        limit.close();
    }

    @Test
    void aPermitComesBackOneWindowAfterTheAnswerAndNotBefore() throws InterruptedException {
        assertThat(limit.tryAcquire(0)).isTrue();
        limit.answered();

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
            assertThat(limit.tryAcquire(0)).isTrue();
            limit.answered();
        }
        now.addAndGet(5);
        assertThat(limit.tryAcquire(0)).isTrue();
        limit.answered();

        now.addAndGet(WINDOW.toNanos() - 5);
        limit.returnDue();
        assertThat(limit.held()).isEqualTo(1);

        now.addAndGet(5);
        limit.returnDue();
        assertThat(limit.held()).isZero();
    }

    @Test
    void a429TakesHalfThePermitsOutForOneWindow() {
        limit.tooManyRequests();
        assertThat(limit.held()).isEqualTo(5);

        now.addAndGet(WINDOW.toNanos());
        limit.returnDue();
        assertThat(limit.held()).isZero();
    }
}
