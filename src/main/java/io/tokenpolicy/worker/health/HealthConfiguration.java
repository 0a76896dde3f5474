package io.tokenpolicy.worker.health;

import io.tokenpolicy.worker.apply.GatewayCircuit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health indicators of the worker's own dependencies; the readiness group includes them by name. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    GatewayHealthIndicator gatewayHealthIndicator(GatewayCircuit circuit) {
        return new GatewayHealthIndicator(circuit);
    }
}
