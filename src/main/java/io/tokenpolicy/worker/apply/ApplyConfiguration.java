package io.tokenpolicy.worker.apply;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.tokenpolicy.worker.config.PolicyRulesProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.policy.TokenPolicy;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Clock;
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

    /** The policy's rules, checked once: a rule that cannot be used stops the start with a message naming it. */
    @Bean
    RuleSet ruleSet(PolicyRulesProperties properties) {
        return RuleSet.compile(properties.specs(), properties.catalogueRules());
    }

    @Bean
    TokenEventApplier tokenEventApplier(TokenGateway gateway, RuleSet rules, RetryProperties retry, Clock clock) {
        return new TokenEventApplier(gateway, new TokenPolicy(rules), gatewayRetry(retry), clock);
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
