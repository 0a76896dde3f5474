package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.Lane;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MeteredAdmissionTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void everyWaitForATurnIsTimedInItsLaneWhetherOrNotATurnCame() throws InterruptedException {
        try (GatewayRateLimit oneCall = new GatewayRateLimit(1, Duration.ofMinutes(1))) {
            CallAdmission admission =
                    new MeteredAdmission(new GatewayAdmission(oneCall, 4), new WorkerMetrics(registry));

            assertThat(admission.await(Lane.SECURITY, Duration.ofSeconds(1).toNanos()))
                    .isTrue();
            admission.answered(Lane.SECURITY);
            assertThat(admission.await(Lane.BILLING, Duration.ofMillis(200).toNanos()))
                    .as("the window's one call is taken")
                    .isFalse();
        }

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("token_policy_gateway_turn_wait_seconds_count{lane=\"security\"} 1")
                .contains("token_policy_gateway_turn_wait_seconds_count{lane=\"billing\"} 1");
        assertThat(maxOf(scrape, "billing")).isGreaterThanOrEqualTo(0.2);
    }

    private static double maxOf(String scrape, String lane) {
        String prefix = "token_policy_gateway_turn_wait_seconds_max{lane=\"" + lane + "\"} ";
        return scrape.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst()
                .orElseThrow();
    }
}
