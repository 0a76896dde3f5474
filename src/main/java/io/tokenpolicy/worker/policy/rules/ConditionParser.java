package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.FieldSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a condition such as {@code severity in [high, critical]} against the fields of the rule's event type. */
final class ConditionParser {

    private static final String FIELD = "\\s*(?:data\\.)?([A-Za-z0-9_-]+)\\s*";
    private static final Pattern PRESENCE = Pattern.compile(FIELD + "(present|absent)\\s*");
    private static final Pattern MEMBERSHIP = Pattern.compile(FIELD + "(not in|in)\\s*\\[(.*)]\\s*");
    private static final Pattern COMPARISON = Pattern.compile(FIELD + "(==|=|!=|<=|>=|<|>)\\s*(\\S.*?)\\s*");
    private static final Map<String, Condition.Operator> OPERATORS = Map.of(
            "present",
            Condition.Operator.PRESENT,
            "absent",
            Condition.Operator.ABSENT,
            "in",
            Condition.Operator.IN,
            "not in",
            Condition.Operator.NOT_IN,
            "=",
            Condition.Operator.EQ,
            "==",
            Condition.Operator.EQ,
            "!=",
            Condition.Operator.NE,
            "<",
            Condition.Operator.LT,
            "<=",
            Condition.Operator.LE,
            ">",
            Condition.Operator.GT);

    private ConditionParser() {}

    static Condition parse(String text, EventSchema schema) {
        Matcher presence = PRESENCE.matcher(text);
        if (presence.matches()) {
            return checked(presence.group(1), presence.group(2), List.of(), schema);
        }
        Matcher membership = MEMBERSHIP.matcher(text);
        if (membership.matches()) {
            List<String> values = Arrays.stream(membership.group(3).split(","))
                    .map(String::strip)
                    .filter(value -> !value.isEmpty())
                    .toList();
            return checked(membership.group(1), membership.group(2), values, schema);
        }
        Matcher comparison = COMPARISON.matcher(text);
        if (comparison.matches()) {
            return checked(comparison.group(1), comparison.group(2), List.of(comparison.group(3)), schema);
        }
        throw new IllegalArgumentException("'" + text + "' is not a condition; write 'field present', 'field absent',"
                + " 'field in [a, b]', 'field not in [a, b]' or 'field <op> value' with op one of = != < <= > >=");
    }

    private static Condition checked(String field, String operatorText, List<String> values, EventSchema schema) {
        FieldSpec spec = schema.fields().get(field);
        if (spec == null) {
            throw new IllegalArgumentException("data." + field + " is not a field of " + schema.type());
        }
        Condition.Operator operator = ">=".equals(operatorText) ? Condition.Operator.GE : OPERATORS.get(operatorText);
        if (operator != Condition.Operator.PRESENT && operator != Condition.Operator.ABSENT) {
            checkValues(field, spec, operator, values);
        }
        return new Condition(field, operator, values);
    }

    private static void checkValues(String field, FieldSpec spec, Condition.Operator operator, List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the condition on data." + field + " names no value");
        }
        boolean ordering = operator.compareTo(Condition.Operator.LT) >= 0;
        switch (spec.kind()) {
            case INTEGER -> values.forEach(value -> integer(field, value));
            case BOOLEAN -> values.forEach(value -> bool(field, value, ordering));
            case TEXT -> values.forEach(value -> text(field, spec, value, ordering));
            default ->
                throw new IllegalArgumentException("data." + field + " is of kind "
                        + spec.kind().wireName() + "; only 'present' and 'absent' apply to it");
        }
    }

    private static void integer(String field, String value) {
        try {
            Long.parseLong(value);
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException("data." + field + " is of kind integer; '" + value + "' is not");
        }
    }

    private static void bool(String field, String value, boolean ordering) {
        if (ordering || !("true".equals(value) || "false".equals(value))) {
            throw new IllegalArgumentException(
                    "data." + field + " is of kind boolean: compare it with = true or = false");
        }
    }

    private static void text(String field, FieldSpec spec, String value, boolean ordering) {
        if (ordering) {
            throw new IllegalArgumentException("data." + field + " is of kind text; < <= > >= apply to integers only");
        }
        if (!spec.values().isEmpty() && !spec.values().contains(value)) {
            throw new IllegalArgumentException(
                    "data." + field + " is one of " + String.join(", ", spec.values()) + "; '" + value + "' is not");
        }
    }
}
