package io.tokenpolicy.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void namesTheMetricsNotTheFunctionsLabelsOrKeywords() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (le) (rate(token_policy_outcome_latency_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"))
                .containsExactly("token_policy_outcome_latency_seconds_bucket");
        assertThat(
                        PromQl.metricNames(
                                "(max by (instance) (token_policy_consumer_lag) > 0 or max by (instance) (token_policy_records_buffered) > 0)"
                                        + " unless on (instance) sum by (instance) (increase(token_policy_events_total{result=\"FAILED\"}[10m])) > 0"))
                .containsExactly(
                        "token_policy_consumer_lag", "token_policy_records_buffered", "token_policy_events_total");
    }

    @Test
    void readsNamesInsideStringsAndDurationsAsNoMetric() {
        assertThat(PromQl.metricNames(
                        "sum(rate(a_total{state!=\"closed, not_a_metric\"}[5m] offset 1h)) / 2e3 + b:recorded:rate5m"))
                .containsExactly("a_total", "b:recorded:rate5m");
    }
}
