package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * What {@link LanesCommuteProperties} draws: a start token of every status, quota and restriction, and the
 * events of each lane, every catalogue type with small values taken from sets that overlap on purpose, so that
 * narrowings, plans and stops meet. Values are drawn from short lists so that jqwik shrinks to the first of each.
 */
final class LaneEvents {

    static final long TOKEN_ID = 42;
    /** The fake gateway judges expiry by the wall clock, so "now" is the wall clock's, fixed for the run. */
    static final Instant NOW = Instant.now();

    private static final long PAST = NOW.getEpochSecond() - 86_400;
    private static final long FUTURE = NOW.getEpochSecond() + 86_400;
    private static final List<String> NETWORKS = List.of("10.0.0.0/8", "10.1.0.0/16", "192.168.0.0/16", "10.1.2.3");
    private static final List<String> MODELS = List.of("gpt-a", "gpt-b", "gpt-c");

    private LaneEvents() {}

    /** A token before the lanes' events, and whether a security event of the worker's holds it disabled. */
    record Start(TokenState token, boolean held) {}

    /** One event of a lane before it is given an id: its type and data. */
    record LaneEvent(String type, Map<String, Object> data) {

        boolean security() {
            return Catalogue.isSecurity(type);
        }

        @Override
        public String toString() {
            return type + data;
        }
    }

    static Arbitrary<Start> starts() {
        Arbitrary<TokenStatus> status = Arbitraries.of(TokenStatus.values());
        Arbitrary<long[]> quota =
                Arbitraries.of(new long[] {100, 0}, new long[] {0, 0}, new long[] {0, 1}, new long[] {-300, 0});
        Arbitrary<AllowIps> allowIps = Arbitraries.oneOf(
                Arbitraries.just(AllowIps.unrestricted()), networks().map(AllowIps::of));
        Arbitrary<ModelLimits> models =
                Arbitraries.oneOf(Arbitraries.just(ModelLimits.NONE), models().map(ModelLimits::only));
        Arbitrary<Long> expiry = Arbitraries.of(TokenState.NEVER, FUTURE, PAST);
        return Combinators.combine(status, quota, allowIps, models, expiry, Arbitraries.of(false, true))
                .as((s, q, ips, m, e, held) -> new Start(
                        new TokenState(TOKEN_ID, s, q[0], q[1] == 1, ips, e, m, "default"),
                        held && s == TokenStatus.DISABLED));
    }

    static Arbitrary<LaneEvent> billing() {
        return Arbitraries.oneOf(
                Arbitraries.of(50L, 200L, 1_000L).map(amount -> event(Catalogue.TOPUP, "amount", amount)),
                Arbitraries.of(50L, 200L).map(amount -> event(Catalogue.REFUND, "amount", amount)),
                Arbitraries.of(0L, 100L, 1_000L).map(quota -> event(Catalogue.QUOTA_RESET, "remain_quota", quota)),
                planChanged(),
                Arbitraries.just(new LaneEvent(Catalogue.SUBSCRIPTION_ENDED, Map.of())),
                expiries().map(expiry -> event(Catalogue.EXPIRY_SET, "expired_time", expiry)));
    }

    static Arbitrary<LaneEvent> security() {
        Arbitrary<LaneEvent> incident = Combinators.combine(
                        Arbitraries.of(Severity.values()), networks().optional())
                .as(LaneEvents::incident);
        return Arbitraries.oneOf(
                incident,
                networks().map(ips -> event(Catalogue.IP_RESTRICTION, "allow_ips", AllowIps.of(ips))),
                models().map(models -> event(Catalogue.MODEL_RESTRICTION, "models", models)),
                Arbitraries.just(new LaneEvent(Catalogue.INCIDENT_RESOLVED, Map.of())));
    }

    /** A plan change with at least one of its fields, each drawn independently. */
    private static Arbitrary<LaneEvent> planChanged() {
        return Combinators.combine(
                        Arbitraries.of("default", "vip").optional(),
                        models().optional(),
                        Arbitraries.of(false, true).optional(),
                        expiries().optional())
                .as((group, models, unlimited, expiry) -> {
                    Map<String, Object> data = new HashMap<>();
                    group.ifPresent(value -> data.put("group", value));
                    models.ifPresent(value -> data.put("models", value));
                    unlimited.ifPresent(value -> data.put("unlimited_quota", value));
                    expiry.ifPresent(value -> data.put("expired_time", value));
                    if (data.isEmpty()) {
                        data.put("group", "vip");
                    }
                    return new LaneEvent(Catalogue.PLAN_CHANGED, Map.copyOf(data));
                });
    }

    private static LaneEvent incident(Severity severity, Optional<List<String>> networks) {
        Map<String, Object> data = new HashMap<>(Map.of("severity", severity.wireName(), "reason", "key leaked"));
        networks.ifPresent(ips -> data.put("allow_ips", AllowIps.of(ips)));
        return new LaneEvent(Catalogue.INCIDENT, Map.copyOf(data));
    }

    private static Arbitrary<List<String>> networks() {
        return Arbitraries.of(NETWORKS).set().ofMinSize(1).ofMaxSize(2).map(List::copyOf);
    }

    private static Arbitrary<List<String>> models() {
        return Arbitraries.of(MODELS).set().ofMinSize(1).ofMaxSize(2).map(List::copyOf);
    }

    private static Arbitrary<Long> expiries() {
        return Arbitraries.of(FUTURE, TokenState.NEVER, PAST);
    }

    private static LaneEvent event(String type, String field, Object value) {
        return new LaneEvent(type, Map.of(field, value));
    }
}
