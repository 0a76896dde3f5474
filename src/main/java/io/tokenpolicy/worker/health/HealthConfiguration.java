package io.tokenpolicy.worker.health;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokenpolicy.worker.apply.CircuitStatus;
import io.tokenpolicy.worker.apply.GatewayCircuit;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health indicators of the worker's own dependencies; the readiness group includes them by name. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    GatewayHealthIndicator gatewayHealthIndicator(GatewayCircuit circuit) {
        return new GatewayHealthIndicator(circuit);
    }

    /** The circuit's state as the gateway indicator shows it, for dashboards and alerts. */
    @Bean
    MeterBinder gatewayCircuitState(GatewayCircuit circuit) {
        return WorkerMetrics.circuitState(
                CircuitStatus.State.class, () -> circuit.status().state());
    }
}
