package io.tokenpolicy.worker.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import org.junit.jupiter.api.Test;

/** The alert on parked records sees the first of each cause: every cause's series is there, at zero, from the start. */
class DeadLetterSeriesTest {

    @Test
    void everyCauseOfADeadLetterHasItsSeriesAtZeroBeforeTheFirst() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new WorkerMetrics(registry);

        String scrape = registry.scrape();
        for (DeadLetters.Cause cause : DeadLetters.Cause.values()) {
            assertThat(scrape).contains("token_policy_dead_letters_total{reason=\"" + cause.tag() + "\"} 0.0");
        }
    }
}
