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
 * @param requests calls allowed in one window: to the instance, or to the whole group ({@code scope})
 * @param window   the window's length
 * @param scope    {@code group}: the instances of the consumer group share {@code requests}, each taking the share
 *                 of it that matches its share of the events topic's partitions, recomputed on every rebalance (for
 *                 instances that call from one address); {@code instance}: each keeps all of it
 */
@Validated
@ConfigurationProperties("token-policy.rate-limit")
public record RateLimitProperties(
        @DefaultValue("180") @Min(1) int requests,
        @DefaultValue("180s") @NotNull Duration window,
        @DefaultValue("group") @NotNull RateLimitScope scope) {}
