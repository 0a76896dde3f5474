package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The security lane: security events (the security topic's, and {@code security.*} types on the events topic)
 * go ahead of billing work wherever the two share something scarce (threads, buffered records, the gateway's rate
 * limit and call slots), so that a leaked key is disabled within seconds even while a billing backlog saturates the
 * gateway's rate limit.
 *
 * @param reservedShare share of the rate limit's {@code requests} and of the {@code max-in-flight} call slots
 *                      kept for security calls (rounded, never all of them). Billing borrows the reserve while
 *                      no security call waits or holds a place, and stops at once when one waits; a place billing
 *                      has already spent comes back only when its window has passed, since the gateway counted the
 *                      call. 0 keeps nothing back, though a waiting security call still goes first
 * @param maxTokensInProgress tokens the security lane applies at once, on threads of its own
 * @param maxBufferedRecords  records of the security topic taken and not finished yet, above which fetching from
 *                            it pauses (the events topic pauses at {@code concurrency.max-buffered-records})
 */
@Validated
@ConfigurationProperties("token-policy.security-lane")
public record SecurityLaneProperties(
        @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("0.5")
        double reservedShare,

        @DefaultValue("16") @Min(1) @Max(1024) int maxTokensInProgress,
        @DefaultValue("1000") @Min(1) int maxBufferedRecords) {}
