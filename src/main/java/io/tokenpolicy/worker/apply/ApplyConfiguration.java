package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.TokenPolicy;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApplyConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    GatewayCircuit gatewayCircuit(CircuitProperties circuit, Clock clock) {
        return new GatewayCircuit(circuit, clock);
    }

    @Bean
    TokenEventApplier tokenEventApplier(TokenGateway gateway, RetryProperties retry, GatewayCircuit circuit,
                                        Clock clock, WorkerMetrics metrics) {
        return new TokenEventApplier(gateway, new TokenPolicy(), new GatewayRetry(retry, circuit, metrics::retry), clock);
    }

    static GatewayRetry gatewayRetry(RetryProperties retry, GatewayCircuit circuit) {
        return new GatewayRetry(retry, circuit, () -> { });
    }
}
