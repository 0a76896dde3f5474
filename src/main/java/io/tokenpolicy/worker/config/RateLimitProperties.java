package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's rate limit, which the worker keeps to on its own so that it does not provoke
 * 429s: at most {@code requests} calls in any {@code window}. The defaults are new-api's
 * ({@code GLOBAL_API_RATE_LIMIT=180} per {@code GLOBAL_API_RATE_LIMIT_DURATION=180} s, per
 * client IP); set them to what your gateway allows.
 *
 * @param requests calls allowed in one window, shared by all calls of the instance
 * @param window   the window's length
 */
@Validated
@ConfigurationProperties("token-policy.rate-limit")
public record RateLimitProperties(
        @DefaultValue("180") @Min(1) int requests,
        @DefaultValue("180s") @NotNull Duration window) {}
