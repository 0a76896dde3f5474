package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The circuit breaker in front of the gateway. After {@code failureThreshold} gateway calls in a row
 * failed as unavailable or timed out, the circuit opens: calls wait (within their retry budget)
 * instead of going out, fetching from Kafka pauses, and readiness reports DOWN. After
 * {@code openDuration}, {@code probeCalls} calls go out as probes: if they succeed the circuit
 * closes and everything resumes, otherwise it opens again. A 429 or a business error proves the
 * gateway up and never counts as a failure.
 *
 * @param failureThreshold consecutive failed calls that open the circuit
 * @param openDuration     how long the circuit stays open before probing
 * @param probeCalls       calls let through to probe a gateway that was down
 */
@Validated
@ConfigurationProperties("token-policy.circuit")
public record CircuitProperties(
        @DefaultValue("10") @Min(1) @Max(1000) int failureThreshold,
        @DefaultValue("10s") @NotNull Duration openDuration,
        @DefaultValue("1") @Min(1) @Max(100) int probeCalls) {

    public CircuitProperties {
        if (openDuration != null && (openDuration.isNegative() || openDuration.isZero())) {
            throw new IllegalArgumentException("token-policy.circuit.open-duration must be positive");
        }
    }
}
