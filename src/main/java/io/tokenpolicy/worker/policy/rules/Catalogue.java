package io.tokenpolicy.worker.policy.rules;

import static io.tokenpolicy.worker.policy.FieldSpec.optional;
import static io.tokenpolicy.worker.policy.FieldSpec.required;

import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.FieldCheck;
import io.tokenpolicy.worker.policy.FieldKind;
import io.tokenpolicy.worker.policy.FieldSpec;
import io.tokenpolicy.worker.policy.Quota;
import io.tokenpolicy.worker.policy.Severity;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event types the worker knows without configuration, the fields of their data, and the
 * rules that give each its documented effect. Operators' rules come before these.
 */
public final class Catalogue {

    public static final String TOPUP = "billing.topup";
    public static final String REFUND = "billing.refund";
    public static final String QUOTA_RESET = "billing.quota_reset";
    public static final String PLAN_CHANGED = "billing.plan_changed";
    public static final String SUBSCRIPTION_ENDED = "billing.subscription_ended";
    public static final String INCIDENT = "security.incident";
    public static final String IP_RESTRICTION = "security.ip_restriction";
    public static final String MODEL_RESTRICTION = "security.model_restriction";
    public static final String INCIDENT_RESOLVED = "security.incident_resolved";
    public static final String EXPIRY_SET = "token.expiry_set";

    private static final String BILLING_PREFIX = "billing.";
    private static final String SECURITY_PREFIX = "security.";

    private static final FieldSpec AMOUNT = required(FieldKind.INTEGER).between(1, Quota.MAX);
    private static final FieldSpec EXPIRY =
            FieldSpec.required(FieldKind.INTEGER).between(-1, Long.MAX_VALUE);
    private static final List<String> SEVERITIES =
            Arrays.stream(Severity.values()).map(Severity::wireName).toList();

    private static final Map<String, EventSchema> SCHEMAS = List.of(
                    new EventSchema(TOPUP, Map.of("amount", AMOUNT.with(FieldCheck.POSITIVE))),
                    new EventSchema(REFUND, Map.of("amount", AMOUNT)),
                    new EventSchema(
                            QUOTA_RESET,
                            Map.of("remain_quota", required(FieldKind.INTEGER).between(0, Quota.MAX))),
                    new EventSchema(
                            PLAN_CHANGED,
                            fields(
                                    Map.entry("group", optional(FieldKind.TEXT)),
                                    Map.entry("models", optional(FieldKind.TEXT_LIST)),
                                    Map.entry("unlimited_quota", optional(FieldKind.BOOLEAN)),
                                    Map.entry(
                                            "expired_time",
                                            optional(FieldKind.INTEGER).between(-1, Long.MAX_VALUE))),
                            List.of("group", "models", "unlimited_quota", "expired_time")),
                    new EventSchema(SUBSCRIPTION_ENDED, Map.of()),
                    new EventSchema(
                            INCIDENT,
                            fields(
                                    Map.entry(
                                            "severity", required(FieldKind.TEXT).oneOf(SEVERITIES)),
                                    Map.entry(
                                            "allow_ips",
                                            optional(FieldKind.IP_LIST).with(FieldCheck.NARROWING)),
                                    Map.entry("reason", required(FieldKind.TEXT).with(FieldCheck.MASKED)))),
                    new EventSchema(
                            IP_RESTRICTION,
                            Map.of("allow_ips", required(FieldKind.IP_LIST).with(FieldCheck.NARROWING))),
                    new EventSchema(MODEL_RESTRICTION, Map.of("models", required(FieldKind.TEXT_LIST))),
                    new EventSchema(INCIDENT_RESOLVED, Map.of()),
                    new EventSchema(EXPIRY_SET, Map.of("expired_time", EXPIRY)))
            .stream()
            .collect(Collectors.toUnmodifiableMap(EventSchema::type, Function.identity()));

    private static final List<RuleSpec> RULES = List.of(
            rule("topup", TOPUP, List.of(), action("raise-quota", "amount", "data.amount")),
            rule("refund", REFUND, List.of(), action("lower-quota", "amount", "data.amount")),
            rule("quota-reset", QUOTA_RESET, List.of(), action("set-quota", "quota", "data.remain_quota")),
            rule(
                    "plan-changed",
                    PLAN_CHANGED,
                    List.of(),
                    action("set-group", "group", "data.group"),
                    action("set-models", "models", "data.models"),
                    action("set-unlimited", "unlimited", "data.unlimited_quota"),
                    action("set-expiry", "expired_time", "data.expired_time")),
            rule("subscription-ended", SUBSCRIPTION_ENDED, List.of(), Map.of("action", "disable")),
            rule("serious-incident", INCIDENT, List.of("severity in [high, critical]"), Map.of("action", "disable")),
            rule(
                    "incident-with-networks",
                    INCIDENT,
                    List.of("allow_ips present"),
                    action("narrow-allow-ips", "allow_ips", "data.allow_ips")),
            rule(
                    "ip-restriction",
                    IP_RESTRICTION,
                    List.of(),
                    action("narrow-allow-ips", "allow_ips", "data.allow_ips")),
            rule("model-restriction", MODEL_RESTRICTION, List.of(), action("narrow-models", "models", "data.models")),
            rule("incident-resolved", INCIDENT_RESOLVED, List.of(), Map.of("action", "enable")),
            rule("expiry-set", EXPIRY_SET, List.of(), action("set-expiry", "expired_time", "data.expired_time")));

    private Catalogue() {}

    /** The schema of every catalogue type, by type. */
    public static Map<String, EventSchema> schemas() {
        return SCHEMAS;
    }

    /** The catalogue's event types: the names the worker knows without configuration. */
    public static Set<String> types() {
        return SCHEMAS.keySet();
    }

    /** Billing types (the catalogue's and operators' {@code billing.*}) never re-enable a disabled token. */
    public static boolean isBilling(String type) {
        return type.startsWith(BILLING_PREFIX);
    }

    /** Security types ({@code security.*}) narrow, and their disable is lifted by the incident's resolution. */
    public static boolean isSecurity(String type) {
        return type.startsWith(SECURITY_PREFIX);
    }

    /** The default rules, in the syntax operators use. */
    public static List<RuleSpec> rules() {
        return RULES;
    }

    @SafeVarargs
    private static RuleSpec rule(String name, String type, List<String> when, Map<String, String>... actions) {
        return new RuleSpec(name, type, Map.of(), when, List.of(actions));
    }

    /** Fields in the order they are read. */
    @SafeVarargs
    private static Map<String, FieldSpec> fields(Map.Entry<String, FieldSpec>... fields) {
        Map<String, FieldSpec> ordered = new LinkedHashMap<>();
        Arrays.stream(fields).forEach(field -> ordered.put(field.getKey(), field.getValue()));
        return ordered;
    }

    private static Map<String, String> action(String action, String argument, String value) {
        return Map.of("action", action, argument, value);
    }
}
