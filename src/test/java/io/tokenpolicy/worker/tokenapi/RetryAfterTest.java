package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The gateway's {@code Retry-After}, in both forms RFC 9110 allows, and what is made of one that cannot be used. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void secondsAreWaitedAsTheyAre() {
        assertThat(RetryAfter.of("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void anHttpDateIsWaitedUntil() {
        assertThat(RetryAfter.of("Wed, 02 Dec 2026 12:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void noneAPastDateAndNonsenseAskForNoWait() {
        assertThat(RetryAfter.of(null, NOW)).isZero();
        assertThat(RetryAfter.of("Wed, 02 Dec 2026 11:00:00 GMT", NOW)).isZero();
        assertThat(RetryAfter.of("soon", NOW)).isZero();
        assertThat(RetryAfter.of("-5", NOW)).isZero();
    }
}
