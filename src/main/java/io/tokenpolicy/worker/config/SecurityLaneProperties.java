package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The security lane: incidents go ahead of billing work wherever the two share something scarce,
 * so that a leaked key is disabled within seconds even while a billing backlog saturates the
 * gateway's rate limit.
 *
 * @param reservedShare share of the rate limit's {@code requests} and of the {@code max-in-flight} call slots
 *                      kept for security calls (rounded, never all of them). Billing borrows the reserve while
 *                      no security call waits or holds a place, and stops at once when one waits; a place billing
 *                      has already spent comes back only when its window has passed, since the gateway counted the
 *                      call. 0 keeps nothing back, though a waiting security call still goes first
 */
@Validated
@ConfigurationProperties("token-policy.security-lane")
public record SecurityLaneProperties(
        @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("0.5")
        double reservedShare) {}
