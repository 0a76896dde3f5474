package io.tokenpolicy.worker.health;

import io.tokenpolicy.worker.apply.CircuitStatus;
import io.tokenpolicy.worker.apply.GatewayCircuit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The gateway as readiness sees it: DOWN while its circuit is open or probing (the gateway
 * failed too many calls in a row and is not known to be back), UP once calls go through
 * again. The details name the circuit's state, since when, and the last failure (route,
 * token id, HTTP status or error class): never a URL, a credential or a token key.
 */
final class GatewayHealthIndicator implements HealthIndicator {

    private final GatewayCircuit circuit;

    GatewayHealthIndicator(GatewayCircuit circuit) {
        this.circuit = circuit;
    }

    @Override
    public Health health() {
        CircuitStatus status = circuit.status();
        boolean up = status.state() == CircuitStatus.State.CLOSED;
        Health.Builder health = (up ? Health.up() : Health.down())
                .withDetail("circuit", status.state().name())
                .withDetail("since", status.since().toString())
                .withDetail("consecutiveFailures", status.consecutiveFailures());
        if (!up) {
            health.withDetail(
                    "reason",
                    "gateway circuit " + status.state().name().toLowerCase().replace('_', '-') + ": "
                            + status.reason());
        }
        return health.build();
    }
}
