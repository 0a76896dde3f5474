package io.tokenpolicy.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.GatewayCircuit;
import io.tokenpolicy.worker.config.CircuitProperties;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class GatewayHealthIndicatorTest {

    @Test
    void closedCircuitIsUp() {
        GatewayCircuit circuit =
                new GatewayCircuit(new CircuitProperties(3, Duration.ofSeconds(10), 1), Clock.systemUTC());

        Health health = new GatewayHealthIndicator(circuit).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("circuit", "CLOSED")
                .containsEntry("consecutiveFailures", 0)
                .doesNotContainKey("reason");
    }
}
