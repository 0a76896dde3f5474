package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The retry budget of the gateway calls made for one token's events: transient failures (429,
 * 5xx, refused or dropped connections, timeouts) are retried with exponential backoff and
 * jitter until either limit is reached; permanent failures are never retried. Time spent
 * waiting for an open circuit counts against {@code maxDuration}, not against the attempts.
 *
 * @param maxAttempts    attempts per gateway call, the first included
 * @param initialBackoff the wait before the second attempt; doubles with each further one, with ±50% jitter
 * @param maxBackoff     the longest wait between two attempts
 * @param maxDuration    the longest time the calls for one batch of a token's events may take, retries and
 *                       circuit waits included; a retry whose wait would end later is not made
 */
@Validated
@ConfigurationProperties("token-policy.retry")
public record RetryProperties(
        @DefaultValue("10") @Min(1) @Max(1000) int maxAttempts,
        @DefaultValue("200ms") @NotNull Duration initialBackoff,
        @DefaultValue("5s") @NotNull Duration maxBackoff,
        @DefaultValue("5m") @NotNull Duration maxDuration) {

    public RetryProperties {
        if (initialBackoff != null && (initialBackoff.isNegative() || initialBackoff.isZero())) {
            throw new IllegalArgumentException("token-policy.retry.initial-backoff must be positive");
        }
        if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "token-policy.retry.max-backoff must not be shorter than initial-backoff");
        }
        if (initialBackoff != null && maxDuration != null && maxDuration.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "token-policy.retry.max-duration must not be shorter than initial-backoff");
        }
    }
}
