package io.tokenpolicy.worker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    private final SlidingWindowLimiter limiter = new SlidingWindowLimiter(nanos::get);

    @Test
    void isOffUntilConfigured() {
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire()).isTrue();
        }
    }

    @Test
    void admitsAgainOnceTheOldestRequestLeavesTheWindow() {
        limiter.configure(2, Duration.ofSeconds(10));

        assertThat(limiter.tryAcquire()).isTrue();
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void refusedRequestsDoNotCount() {
        limiter.configure(1, Duration.ofSeconds(10));
        limiter.tryAcquire();

        for (int i = 0; i < 5; i++) {
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            limiter.tryAcquire();
        }
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());

        assertThat(limiter.tryAcquire()).isTrue();
    }
}
