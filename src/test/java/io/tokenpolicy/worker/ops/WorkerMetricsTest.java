package io.tokenpolicy.worker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tokenpolicy.worker.apply.CircuitStatus;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WorkerMetrics metrics = new WorkerMetrics(registry);

    @Test
    void eventsAreCountedByTypeAndResultUnderPrometheusNames() {
        metrics.event("billing.topup", "APPLIED", 1);
        metrics.event("billing.topup", "APPLIED", 3);

        assertThat(registry.scrape())
                .contains("token_policy_events_total{result=\"APPLIED\",type=\"billing.topup\"} 2.0")
                .contains("token_policy_events_coalesced_total 1.0");
    }

    @Test
    void typesFromOutsideTheKnownSetShareOneTag() {
        metrics.event("made.up.type-" + System.nanoTime(), "REJECTED", 1);
        metrics.event(null, "REJECTED", 1);

        assertThat(registry.scrape())
                .contains("token_policy_events_total{result=\"REJECTED\",type=\"other\"} 1.0")
                .contains("token_policy_events_total{result=\"REJECTED\",type=\"unknown\"} 1.0");
    }

    @Test
    void gatewayCallsAreTimedByRouteAndStatusAndTooManyRequestsCountedApart() {
        metrics.gatewayCallStarted();
        metrics.gatewayCallStarted();
        metrics.gatewayCallEnded("read", HttpStatusTag.of(200), 2_000_000);
        metrics.gatewayCallEnded("replace", HttpStatusTag.of(429), 1_000_000);

        assertThat(registry.scrape())
                .contains("token_policy_gateway_calls_seconds_count{route=\"read\",status=\"200\"} 1")
                .contains("token_policy_gateway_calls_seconds_count{route=\"replace\",status=\"429\"} 1")
                .contains("token_policy_gateway_rate_limited_total{route=\"replace\"} 1.0")
                .contains("token_policy_gateway_calls_in_flight 0.0");
    }

    @Test
    void statusesOtherThanTheOnesActedOnAreTaggedByClass() {
        assertThat(HttpStatusTag.of(503)).isEqualTo("5xx");
        assertThat(HttpStatusTag.of(404)).isEqualTo("4xx");
        assertThat(HttpStatusTag.of(new SocketTimeoutException("slow"))).isEqualTo("timeout");
        assertThat(HttpStatusTag.of(new IOException("reset"))).isEqualTo("io_error");
    }

    @Test
    void outcomeLatencyIsAHistogramForPercentilesAcrossInstances() {
        metrics.outcomePublished(Duration.ofMillis(120));

        assertThat(registry.scrape())
                .contains("token_policy_outcome_latency_seconds_bucket{le=")
                .contains("token_policy_outcome_latency_seconds_count 1");
    }

    @Test
    void dropsAndDeadLettersAreCountedByKind() {
        metrics.duplicateSuppressed("repeated_id");
        metrics.deadLetter("unreadable");
        metrics.retry();

        assertThat(registry.scrape())
                .contains("token_policy_duplicates_suppressed_total{kind=\"repeated_id\"} 1.0")
                .contains("token_policy_dead_letters_total{reason=\"unreadable\"} 1.0")
                .contains("token_policy_gateway_retries_total 1.0");
    }

    @Test
    void seriesTheAlertsWatchStartAtZeroSoThatTheirFirstIncrementCounts() {
        String scrape = registry.scrape();

        for (String type : Catalogue.types()) {
            assertThat(scrape).contains("token_policy_events_total{result=\"FAILED\",type=\"" + type + "\"} 0.0");
        }
        assertThat(scrape)
                .contains("token_policy_events_total{result=\"FAILED\",type=\"other\"} 0.0")
                .contains("token_policy_events_total{result=\"FAILED\",type=\"unknown\"} 0.0")
                .contains("token_policy_dead_letters_total{reason=\"unreadable\"} 0.0")
                .contains("token_policy_dead_letters_total{reason=\"wrong_topic\"} 0.0")
                .contains("token_policy_dead_letters_total{reason=\"failed\"} 0.0")
                .contains("token_policy_dead_letters_total{reason=\"refused\"} 0.0")
                .contains("token_policy_gateway_rate_limited_total{route=\"read\"} 0.0")
                .contains("token_policy_gateway_rate_limited_total{route=\"replace\"} 0.0")
                .contains("token_policy_gateway_rate_limited_total{route=\"status\"} 0.0")
                .contains("token_policy_ledger_unreadable_total{kind=\"done\"} 0.0")
                .contains("token_policy_ledger_unreadable_total{kind=\"hold\"} 0.0")
                .contains("token_policy_ledger_unreadable_total{kind=\"intent\"} 0.0");
        assertThat(Result.valueOf(WorkerMetrics.FAILED)).isEqualTo(Result.FAILED);
    }

    @Test
    void waitsForATurnAreTimedByLane() {
        metrics.turnWaits("security");
        metrics.turnWaits("billing").accept(Duration.ofMillis(250).toNanos());

        assertThat(registry.scrape())
                .contains("token_policy_gateway_turn_wait_seconds_count{lane=\"security\"} 0")
                .contains("token_policy_gateway_turn_wait_seconds_count{lane=\"billing\"} 1")
                .contains("token_policy_gateway_turn_wait_seconds_sum{lane=\"billing\"} 0.25");
    }

    @Test
    void circuitStateIsOneForTheStateTheCircuitIsIn() {
        AtomicReference<CircuitStatus.State> state = new AtomicReference<>(CircuitStatus.State.CLOSED);
        WorkerMetrics.circuitState(CircuitStatus.State.class, state::get).bindTo(registry);
        state.set(CircuitStatus.State.HALF_OPEN);

        assertThat(registry.scrape())
                .contains("token_policy_gateway_circuit_state{state=\"half_open\"} 1.0")
                .contains("token_policy_gateway_circuit_state{state=\"closed\"} 0.0")
                .contains("token_policy_gateway_circuit_state{state=\"open\"} 0.0");
    }
}
