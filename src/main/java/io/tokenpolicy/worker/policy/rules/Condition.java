package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.EventData;
import java.util.List;
import java.util.Optional;

/**
 * A condition on one data field: {@code present}, {@code absent}, {@code in [..]},
 * {@code not in [..]}, {@code =}, {@code !=}, and for integers {@code < <= > >=}. A comparison
 * on an absent field is false.
 */
record Condition(String field, Operator operator, List<String> values) {

    enum Operator {
        PRESENT,
        ABSENT,
        IN,
        NOT_IN,
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE
    }

    Condition {
        values = List.copyOf(values);
    }

    boolean test(EventData data) {
        Optional<Object> value = data.get(field);
        return switch (operator) {
            case PRESENT -> value.isPresent();
            case ABSENT -> value.isEmpty();
            default -> value.map(this::compare).orElse(false);
        };
    }

    private boolean compare(Object value) {
        String text = String.valueOf(value);
        return switch (operator) {
            case IN, EQ -> values.contains(text);
            case NOT_IN, NE -> !values.contains(text);
            case LT -> (Long) value < number();
            case LE -> (Long) value <= number();
            case GT -> (Long) value > number();
            case GE -> (Long) value >= number();
            default -> throw new IllegalStateException("not a comparison: " + operator);
        };
    }

    private long number() {
        return Long.parseLong(values.get(0));
    }
}
