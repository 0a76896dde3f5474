package io.tokenpolicy.worker.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tokenpolicy.worker.policy.DriftKind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's own meters, in one place so that their names and tags stay consistent. Every tag
 * takes values from a small fixed set (event types, results, routes, status classes): token ids,
 * user ids, event ids and secrets never become tags, so the series count cannot grow with traffic.
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final Counter retries;
    private final Counter coalesced;
    private final Counter forwarded;
    private final Timer outcomeLatency;
    private final Counter driftEnforced;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.retries = Counter.builder("token_policy.gateway.retries")
                .description("retries of gateway calls after a transient failure, counted as their backoff begins")
                .register(registry);
        this.coalesced = Counter.builder("token_policy.events.coalesced")
                .description("events applied together with other events of their token")
                .register(registry);
        this.forwarded = Counter.builder("token_policy.records.forwarded")
                .description("records found on another partition than their token's, forwarded there")
                .register(registry);
        this.outcomeLatency = Timer.builder("token_policy.outcome.latency")
                .description("from the event's record timestamp to the commit of the transaction carrying its outcome")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        registry.gauge("token_policy.gateway.calls.in_flight", callsInFlight);
        for (DriftKind kind : DriftKind.values()) {
            driftFindings(kind.tag());
        }
        driftPasses(true);
        driftPasses(false);
        this.driftEnforced = Counter.builder("token_policy.drift.enforced")
                .description("security decisions a drift pass sent again, found undone on the gateway")
                .register(registry);
    }

    /** A drift pass found a difference of this kind ({@link DriftKind#tag()}) between the gateway and the policy. */
    public void driftFinding(String kind) {
        driftFindings(kind).increment();
    }

    /** A drift pass ended: completed, or failed when some tokens could not be read. */
    public void driftPass(boolean completed) {
        driftPasses(completed).increment();
    }

    /** A drift pass sent a security decision again to be enforced. */
    public void driftEnforced() {
        driftEnforced.increment();
    }

    private Counter driftFindings(String kind) {
        return Counter.builder("token_policy.drift.findings")
                .description("differences a drift pass found between the gateway's tokens and the policy's view")
                .tag("kind", kind)
                .register(registry);
    }

    private Counter driftPasses(boolean completed) {
        return Counter.builder("token_policy.drift.passes")
                .description("drift passes, completed or failed (some tokens could not be read)")
                .tag("result", completed ? "completed" : "failed")
                .register(registry);
    }

    public void event(String type, String result, int batchSize) {
        registry.counter("token_policy.events", "type", EventTypes.tagOf(type), "result", result)
                .increment();
        if (batchSize > 1) {
            coalesced.increment();
        }
    }

    /** {@code kind}: {@code repeated_id} (an event id seen before) or {@code redelivered} (a record already answered, delivered again). */
    public void duplicateSuppressed(String kind) {
        registry.counter("token_policy.duplicates.suppressed", "kind", kind).increment();
    }

    /** A record found on another partition than its token's own, copied there to be applied and answered. */
    public void forwarded() {
        forwarded.increment();
    }

    /**
     * {@code reason}: why the record was parked, as its {@code dlt-cause} header: {@code unreadable},
     * {@code failed} or {@code refused}.
     */
    public void deadLetter(String reason) {
        registry.counter("token_policy.dead_letters", "reason", reason).increment();
    }

    /** A ledger record that could not be read on restore; {@code kind}: {@code done}, {@code hold} or {@code intent}. */
    public void ledgerRecordUnreadable(String kind) {
        registry.counter("token_policy.ledger.unreadable", "kind", kind).increment();
    }

    public void outcomePublished(Duration sinceEvent) {
        outcomeLatency.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    public void gatewayCallStarted() {
        callsInFlight.incrementAndGet();
    }

    /** A gateway call ended: {@code route} read, replace or status; {@code status} as {@link HttpStatusTag} gives it. */
    public void gatewayCallEnded(String route, String status, long nanos) {
        callsInFlight.decrementAndGet();
        Timer.builder("token_policy.gateway.calls")
                .tags("route", route, "status", status)
                .register(registry)
                .record(Duration.ofNanos(nanos));
        if ("429".equals(status)) {
            registry.counter("token_policy.gateway.rate_limited", "route", route)
                    .increment();
        }
    }

    public void retry() {
        retries.increment();
    }

    /**
     * A write's answer showed the gateway wrote {@code field} (a token field name: {@code status}, {@code remain_quota},
     * ...) otherwise than the worker intended.
     */
    public void gatewayDiffered(String field) {
        registry.counter("token_policy.gateway.differs", "field", field).increment();
    }
}
