package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.DryRunProperties;
import io.tokenpolicy.worker.config.LaunchedCommand;
import io.tokenpolicy.worker.config.PolicyRulesProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.Quota;
import io.tokenpolicy.worker.policy.TokenPolicy;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApplyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApplyConfiguration.class);

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
    GatewayCircuit gatewayCircuit(CircuitProperties circuit, Clock clock) {
        return new GatewayCircuit(circuit, clock);
    }

    @Bean
    TokenEventApplier tokenEventApplier(
            TokenGateway gateway,
            RuleSet rules,
            RetryProperties retry,
            GatewayCircuit circuit,
            CallAdmission admission,
            TokenApiProperties api,
            ConcurrencyProperties concurrency,
            DryRunProperties mode,
            @Value("${" + LaunchedCommand.EXPLAIN + ":}") String explain,
            Clock clock,
            WorkerMetrics metrics) {
        Duration writeTime = api.requestTimeout().plus(api.writeSettleTime());
        if (writeTime.compareTo(retry.maxDuration()) >= 0) {
            log.warn(
                    "token-api.request-timeout {} plus token-api.write-settle-time {} is not shorter than"
                            + " token-policy.retry.max-duration {}: a write in doubt is never retried within its batch's"
                            + " budget, and the token's next batch waits the settle time first",
                    api.requestTimeout(),
                    api.writeSettleTime(),
                    retry.maxDuration());
        }
        if (writeTime.compareTo(concurrency.drainTimeout()) > 0) {
            log.warn(
                    "token-api.request-timeout {} plus token-api.write-settle-time {} is longer than"
                            + " token-policy.concurrency.drain-timeout {}: a write begun before a hand-over may still be in"
                            + " doubt when its partitions are let go of, and land after their new owner's read",
                    api.requestTimeout(),
                    api.writeSettleTime(),
                    concurrency.drainTimeout());
        }
        GatewayRetry gatewayRetry = new GatewayRetry(
                retry, circuit, admission, api.requestTimeout(), api.writeSettleTime(), metrics::retry);
        TokenPolicy policy = new TokenPolicy(rules, Quota.ofQuotaPerUnit(api.quotaPerUnit()));
        return mode.dryRun() || !explain.isBlank()
                ? TokenEventApplier.planning(gateway, policy, gatewayRetry, clock)
                : new TokenEventApplier(gateway, policy, gatewayRetry, clock, metrics::gatewayDiffered);
    }

    /** A retry budget for calls under no admission, each taking at most {@code callTimeout} (tests). */
    static GatewayRetry gatewayRetry(
            RetryProperties retry, GatewayCircuit circuit, CallAdmission admission, Duration callTimeout) {
        return new GatewayRetry(retry, circuit, admission, callTimeout, () -> {});
    }

    static GatewayRetry gatewayRetry(RetryProperties retry, GatewayCircuit circuit) {
        return gatewayRetry(retry, circuit, CallAdmission.UNLIMITED, Duration.ofSeconds(1));
    }
}
