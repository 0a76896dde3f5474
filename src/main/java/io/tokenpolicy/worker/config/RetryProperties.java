package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retries of one gateway call that failed transiently (429, 5xx, I/O error, timeout),
 * with exponential backoff. Permanent failures are never retried.
 *
 * @param maxAttempts    attempts per call, the first included
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff     the longest wait between two attempts
 */
@Validated
@ConfigurationProperties("token-policy.retry")
public record RetryProperties(
        @DefaultValue("5") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("200ms") @NotNull Duration initialBackoff,
        @DefaultValue("5s") @NotNull Duration maxBackoff) {

    public RetryProperties {
        if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("token-policy.retry.max-backoff must not be shorter than initial-backoff");
        }
    }
}
