package io.tokenpolicy.worker.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokenpolicy.worker.policy.DriftKind;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The worker's own meters, in one place so that their names and tags stay consistent. Every tag
 * takes values from a small fixed set (event types, results, routes, status classes): token ids,
 * user ids, event ids and secrets never become tags, so the series count cannot grow with traffic.
 *
 * <p>A counter with tags appears in a scrape only once it was first incremented, and an alert on {@code increase()}
 * misses the increment that makes a series appear. So the series the alerts and the dashboard watch (FAILED events of
 * every type tag, dead letters by reason, 429s by route, unreadable ledger records by kind) are registered at zero when
 * the worker starts.
 */
public final class WorkerMetrics {

    /** The route tag of a GET of a token. */
    public static final String READ = "read";

    public static final String LIST = "list";
    /** The route tag of a full PUT. */
    public static final String REPLACE = "replace";
    /** The route tag of a status-only PUT. */
    public static final String STATUS = "status";

    /** The result tag of an event that failed for good, as the outcome's {@code result}. */
    static final String FAILED = "FAILED";
    /** The reason tags of dead letters, as their {@code dlt-cause} header. */
    static final List<String> DEAD_LETTER_REASONS = List.of("unreadable", "wrong_topic", "failed", "refused", "untold");
    /** The kinds of ledger records: processed events, security holds, quota-write intents. */
    static final List<String> LEDGER_RECORD_KINDS = List.of("done", "hold", "intent");

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
        EventTypes.tags().forEach(type -> eventCounter(type, FAILED));
        DEAD_LETTER_REASONS.forEach(this::deadLetterCounter);
        List.of(READ, LIST, REPLACE, STATUS).forEach(this::rateLimitedCounter);
        LEDGER_RECORD_KINDS.forEach(this::ledgerUnreadableCounter);
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
        eventCounter(EventTypes.tagOf(type), result).increment();
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
     * {@code wrong_topic}, {@code failed}, {@code refused} or {@code untold}.
     */
    public void deadLetter(String reason) {
        deadLetterCounter(reason).increment();
    }

    /** A ledger record that could not be read on restore; {@code kind}: {@code done}, {@code hold} or {@code intent}. */
    public void ledgerRecordUnreadable(String kind) {
        ledgerUnreadableCounter(kind).increment();
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
            rateLimitedCounter(route).increment();
        }
    }

    public void retry() {
        retries.increment();
    }

    /**
     * Where a gateway call's waits for its turn in {@code lane} (a place in the rate limit and a call slot) are
     * recorded, in nanoseconds; the lane's timer is registered at once, so that it shows before the first wait.
     */
    public LongConsumer turnWaits(String lane) {
        Timer waits = Timer.builder("token_policy.gateway.turn.wait")
                .description("how long gateway calls waited for their turn: a place in the rate limit and a call slot")
                .tag("lane", lane)
                .register(registry);
        return nanos -> waits.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The gateway circuit's state as one gauge per state, 1 for the state it is in and 0 for the others:
     * {@code token_policy_gateway_circuit_state{state="open"}}.
     */
    public static <S extends Enum<S>> MeterBinder circuitState(Class<S> states, Supplier<S> current) {
        return registry -> {
            for (S state : states.getEnumConstants()) {
                Gauge.builder("token_policy.gateway.circuit.state", () -> current.get() == state ? 1 : 0)
                        .description("1 for the state the gateway circuit is in, 0 for the others")
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        };
    }

    /**
     * A write's answer showed the gateway wrote {@code field} (a token field name: {@code status}, {@code remain_quota},
     * ...) otherwise than the worker intended.
     */
    public void gatewayDiffered(String field) {
        registry.counter("token_policy.gateway.differs", "field", field).increment();
    }

    private Counter eventCounter(String typeTag, String result) {
        return registry.counter("token_policy.events", "type", typeTag, "result", result);
    }

    private Counter deadLetterCounter(String reason) {
        return registry.counter("token_policy.dead_letters", "reason", reason);
    }

    private Counter ledgerUnreadableCounter(String kind) {
        return registry.counter("token_policy.ledger.unreadable", "kind", kind);
    }

    private Counter rateLimitedCounter(String route) {
        return registry.counter("token_policy.gateway.rate_limited", "route", route);
    }
}
