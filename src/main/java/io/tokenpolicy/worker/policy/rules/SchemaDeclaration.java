package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.FieldCheck;
import io.tokenpolicy.worker.policy.FieldKind;
import io.tokenpolicy.worker.policy.FieldSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads the {@code fields} an operator declares for an event type of their own. */
final class SchemaDeclaration {

    private static final Set<String> ENVELOPE_FIELDS = Set.of("token_id", "user_id");

    private SchemaDeclaration() {}

    /** The schema; throws {@link InvalidRuleException} naming the field at fault. */
    static EventSchema read(String rule, String type, Map<String, String> declared) {
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        declared.forEach((name, kindText) -> fields.put(name, field(rule, name, kindText)));
        return new EventSchema(type, fields);
    }

    private static FieldSpec field(String rule, String name, String kindText) {
        String where = "fields." + name;
        if (ENVELOPE_FIELDS.contains(name)) {
            throw new InvalidRuleException(rule, where, name + " is part of every event and cannot be declared");
        }
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new InvalidRuleException(rule, where, "field names are letters, digits, '_' and '-'");
        }
        String text = kindText == null ? "" : kindText.strip();
        boolean optional = text.endsWith("?");
        try {
            FieldKind kind = FieldKind.ofWireName(optional ? text.substring(0, text.length() - 1) : text);
            return checked(name, optional ? FieldSpec.optional(kind) : FieldSpec.required(kind));
        } catch (IllegalArgumentException unknown) {
            throw new InvalidRuleException(rule, where, unknown.getMessage());
        }
    }

    /**
     * The catalogue's checks, where an operator's field plays the same part: an ip-list can only
     * narrow (narrow-allow-ips is the one action that takes one), and a text reason is quoted in
     * outcomes and logs.
     */
    private static FieldSpec checked(String name, FieldSpec spec) {
        if (spec.kind() == FieldKind.IP_LIST) {
            return spec.with(FieldCheck.NARROWING);
        }
        if (spec.kind() == FieldKind.TEXT && name.equals(ActionContext.REASON)) {
            return spec.with(FieldCheck.MASKED);
        }
        return spec;
    }
}
