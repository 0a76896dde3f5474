package io.tokenpolicy.worker.apply;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.tokenpolicy.worker.config.DryRunProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.policy.TokenPolicy;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApplyConfiguration {

    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TokenEventApplier tokenEventApplier(TokenGateway gateway, RetryProperties retry, DryRunProperties mode,
                                        @Value("${explain:}") String explain, Clock clock) {
        return mode.dryRun() || !explain.isBlank()
                ? TokenEventApplier.planning(gateway, new TokenPolicy(), gatewayRetry(retry), clock)
                : new TokenEventApplier(gateway, new TokenPolicy(), gatewayRetry(retry), clock);
    }

    static Retry gatewayRetry(RetryProperties retry) {
        return Retry.of("token-api", RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        retry.initialBackoff(), BACKOFF_MULTIPLIER, JITTER, retry.maxBackoff()))
                .retryExceptions(TransientGatewayException.class)
                .build());
    }
}
