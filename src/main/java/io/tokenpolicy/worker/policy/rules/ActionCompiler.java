package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.FieldKind;
import io.tokenpolicy.worker.policy.FieldSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks one action of a rule and binds its arguments: the action must exist and be allowed for
 * the type (billing never enables, security never widens), every argument must be given, a
 * bound field must exist with the argument's kind, and a fixed value must be valid.
 */
final class ActionCompiler {

    private final String rule;
    private final EventSchema schema;

    ActionCompiler(String rule, EventSchema schema) {
        this.rule = rule;
        this.schema = schema;
    }

    BoundAction compile(String where, Map<String, String> spec) {
        ActionType type = type(where + ".action", spec.get("action"));
        Map<String, String> given = new HashMap<>();
        for (Map.Entry<String, String> entry : spec.entrySet()) {
            String param = paramNamed(type, entry.getKey());
            if (param == null) {
                throw new InvalidRuleException(
                        rule,
                        where + "." + entry.getKey(),
                        type.wireName() + " takes "
                                + (type.params().isEmpty()
                                        ? "no arguments"
                                        : "only "
                                                + String.join(
                                                        ", ", type.params().keySet())));
            }
            given.put(param, entry.getValue());
        }
        Map<String, Binding> args = new HashMap<>();
        type.params()
                .forEach((param, paramSpec) ->
                        args.put(param, binding(where + "." + param, type, paramSpec, given.get(param))));
        return new BoundAction(type, args);
    }

    /** The parameter a key names, however configuration spelled it ({@code allow_ips}, {@code allow-ips}, {@code allowips}). */
    private static String paramNamed(ActionType type, String key) {
        String wanted = canonical(key);
        if ("action".equals(wanted)) {
            return "action";
        }
        return type.params().keySet().stream()
                .filter(param -> canonical(param).equals(wanted))
                .findFirst()
                .orElse(null);
    }

    private static String canonical(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private ActionType type(String where, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRuleException(rule, where, "required; one of " + ActionType.wireNames());
        }
        if (ActionType.WIDENING.contains(name)) {
            throw new InvalidRuleException(
                    rule,
                    where,
                    name + " would widen the token: allow_ips and model_limits"
                            + " can only be narrowed (narrow-allow-ips, narrow-models); an empty result disables the token");
        }
        ActionType type = ActionType.ofWireName(name)
                .orElseThrow(() -> new InvalidRuleException(
                        rule, where, "unknown action '" + name + "'; known actions: " + ActionType.wireNames()));
        if (type == ActionType.ENABLE && Catalogue.isBilling(schema.type())) {
            throw new InvalidRuleException(
                    rule,
                    where,
                    "enable is not allowed for billing type " + schema.type()
                            + ": billing never re-enables a disabled token");
        }
        if (type == ActionType.SET_MODELS && Catalogue.isSecurity(schema.type())) {
            throw new InvalidRuleException(
                    rule,
                    where,
                    "set-models may widen model_limits; a security rule" + " narrows them (narrow-models)");
        }
        return type;
    }

    private Binding binding(String where, ActionType type, FieldSpec param, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRuleException(
                    rule,
                    where,
                    "required: " + type.wireName() + " needs its "
                            + where.substring(where.lastIndexOf('.') + 1) + " (a value of kind "
                            + param.kind().wireName()
                            + ", or data.<field> of that kind)");
        }
        String text = value.strip();
        if (text.startsWith(Binding.PREFIX)) {
            return field(where, param, text.substring(Binding.PREFIX.length()));
        }
        Object literal = literal(where, param.kind(), text);
        String problem = param.problemWith(literal);
        if (problem != null) {
            throw new InvalidRuleException(rule, where, "'" + text + "' " + problem);
        }
        return new Binding.Literal(literal);
    }

    private Binding field(String where, FieldSpec param, String name) {
        FieldSpec field = schema.fields().get(name);
        if (field == null) {
            throw new InvalidRuleException(
                    rule,
                    where,
                    "data." + name + " is not a field of " + schema.type()
                            + (schema.fields().isEmpty()
                                    ? " (it has none)"
                                    : "; its fields: "
                                            + String.join(
                                                    ", ",
                                                    schema.fields().keySet().stream()
                                                            .sorted()
                                                            .toList())));
        }
        if (field.kind() != param.kind()) {
            throw new InvalidRuleException(
                    rule,
                    where,
                    "data." + name + " is of kind " + field.kind().wireName() + " but this argument needs kind "
                            + param.kind().wireName());
        }
        return new Binding.Field(name);
    }

    private Object literal(String where, FieldKind kind, String text) {
        try {
            return switch (kind) {
                case INTEGER -> Long.parseLong(text);
                case BOOLEAN -> bool(text);
                case TEXT -> text;
                case TEXT_LIST -> list(text);
                case IP_LIST -> AllowIps.of(list(text));
            };
        } catch (IllegalArgumentException invalid) {
            throw new InvalidRuleException(
                    rule,
                    where,
                    "'" + text + "' is not a valid " + kind.wireName()
                            + (invalid.getMessage() == null ? "" : ": " + invalid.getMessage()));
        }
    }

    private static Boolean bool(String text) {
        if (!"true".equals(text) && !"false".equals(text)) {
            throw new IllegalArgumentException("write true or false");
        }
        return Boolean.valueOf(text);
    }

    private static List<String> list(String text) {
        List<String> items = Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("name at least one entry, separated by commas");
        }
        return items;
    }
}
