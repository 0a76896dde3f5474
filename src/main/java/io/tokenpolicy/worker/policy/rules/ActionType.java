package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.Disable;
import io.tokenpolicy.worker.policy.Enable;
import io.tokenpolicy.worker.policy.ExtendExpiry;
import io.tokenpolicy.worker.policy.FieldKind;
import io.tokenpolicy.worker.policy.FieldSpec;
import io.tokenpolicy.worker.policy.LowerQuota;
import io.tokenpolicy.worker.policy.NarrowAllowIps;
import io.tokenpolicy.worker.policy.NarrowModels;
import io.tokenpolicy.worker.policy.Quota;
import io.tokenpolicy.worker.policy.RaiseQuota;
import io.tokenpolicy.worker.policy.SetExpiry;
import io.tokenpolicy.worker.policy.SetGroup;
import io.tokenpolicy.worker.policy.SetModels;
import io.tokenpolicy.worker.policy.SetQuota;
import io.tokenpolicy.worker.policy.SetUnlimited;
import io.tokenpolicy.worker.policy.TokenChange;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** The built-in actions a rule can take, each with its arguments and the token change it makes. */
enum ActionType {
    RAISE_QUOTA(
            "raise-quota",
            Map.of("amount", quota(1)),
            (args, ctx) -> new RaiseQuota((Long) args.get("amount"), ctx.now())),
    LOWER_QUOTA("lower-quota", Map.of("amount", quota(1)), (args, ctx) -> new LowerQuota((Long) args.get("amount"))),
    SET_QUOTA("set-quota", Map.of("quota", quota(0)), (args, ctx) -> new SetQuota((Long) args.get("quota"), ctx.now())),
    SET_UNLIMITED(
            "set-unlimited",
            Map.of("unlimited", FieldSpec.required(FieldKind.BOOLEAN)),
            (args, ctx) -> new SetUnlimited((Boolean) args.get("unlimited"))),
    DISABLE("disable", Map.of(), (args, ctx) -> new Disable("disabled by " + ctx.because(), ctx.bySecurity())),
    ENABLE("enable", Map.of(), (args, ctx) -> new Enable("re-enabled by " + ctx.because())),
    NARROW_ALLOW_IPS(
            "narrow-allow-ips",
            Map.of("allow_ips", FieldSpec.required(FieldKind.IP_LIST)),
            (args, ctx) -> new NarrowAllowIps((AllowIps) args.get("allow_ips"))),
    NARROW_MODELS(
            "narrow-models",
            Map.of("models", FieldSpec.required(FieldKind.TEXT_LIST)),
            (args, ctx) -> new NarrowModels(texts(args.get("models")))),
    SET_MODELS(
            "set-models",
            Map.of("models", FieldSpec.required(FieldKind.TEXT_LIST)),
            (args, ctx) -> new SetModels(texts(args.get("models")))),
    SET_GROUP(
            "set-group",
            Map.of("group", FieldSpec.required(FieldKind.TEXT)),
            (args, ctx) -> new SetGroup((String) args.get("group"))),
    SET_EXPIRY(
            "set-expiry",
            Map.of("expired_time", FieldSpec.required(FieldKind.INTEGER).between(-1, Long.MAX_VALUE)),
            (args, ctx) -> new SetExpiry((Long) args.get("expired_time"), ctx.now())),
    EXTEND_EXPIRY(
            "extend-expiry",
            Map.of("seconds", FieldSpec.required(FieldKind.INTEGER).between(1, Long.MAX_VALUE)),
            (args, ctx) -> new ExtendExpiry((Long) args.get("seconds"), ctx.now()));

    /** Actions that would open a token up; named so that a rule asking for one gets a precise refusal. */
    static final List<String> WIDENING = List.of(
            "set-allow-ips", "widen-allow-ips", "clear-allow-ips", "remove-allow-ips", "clear-models", "widen-models");

    private final String wireName;
    private final Map<String, FieldSpec> params;
    private final BiFunction<Map<String, Object>, ActionContext, TokenChange> factory;

    ActionType(
            String wireName,
            Map<String, FieldSpec> params,
            BiFunction<Map<String, Object>, ActionContext, TokenChange> factory) {
        this.wireName = wireName;
        this.params = params;
        this.factory = factory;
    }

    String wireName() {
        return wireName;
    }

    Map<String, FieldSpec> params() {
        return params;
    }

    TokenChange change(Map<String, Object> args, ActionContext context) {
        return factory.apply(args, context);
    }

    static Optional<ActionType> ofWireName(String name) {
        return Arrays.stream(values())
                .filter(type -> type.wireName.equals(name))
                .findFirst();
    }

    static String wireNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(ActionType::wireName).toList());
    }

    private static FieldSpec quota(long min) {
        return FieldSpec.required(FieldKind.INTEGER).between(min, Quota.MAX);
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(Object value) {
        return (List<String>) value;
    }
}
