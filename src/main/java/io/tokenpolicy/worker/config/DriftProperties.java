package io.tokenpolicy.worker.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The drift watch: passes that compare the gateway's tokens with the policy's view of them, the {@code drift} command's
 * and the worker's background sweep's.
 *
 * @param enforce  send the security decisions a pass finds undone (a security stop lifted, allow_ips or a model
 *                 whitelist wider than decided) to the security lane again, to be applied with an outcome; money
 *                 (a funded total that differs) is never enforced
 * @param pageSize tokens per page when a user's tokens are listed (the gateway caps pages at 100)
 * @param callWait how long a pass waits for a turn of the gateway's rate limit before it counts a user's tokens as
 *                 unread
 * @param sweep    the background sweep
 */
@Validated
@ConfigurationProperties("token-policy.drift")
public record DriftProperties(
        @DefaultValue("false") boolean enforce,
        @DefaultValue("100") @Min(1) @Max(100) int pageSize,
        @DefaultValue("30s") @NotNull Duration callWait,
        @DefaultValue @Valid Sweep sweep) {

    /**
     * The worker's background sweep over the tokens of the partitions it holds.
     *
     * @param enabled  whether the worker sweeps at all
     * @param interval from the end of one sweep to the start of the next
     * @param share    share of the rate limit's {@code requests} per window the sweep may call; it calls only while no
     *                 event of the instance waits for the gateway, so it never competes with events
     */
    public record Sweep(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("1h") @NotNull Duration interval,

            @DefaultValue("0.05") @DecimalMin("0.01") @DecimalMax("0.5")
            double share) {}
}
