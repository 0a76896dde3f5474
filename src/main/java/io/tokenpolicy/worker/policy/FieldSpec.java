package io.tokenpolicy.worker.policy;

import java.util.List;
import java.util.Objects;

/**
 * One field of an event type's {@code data}: its kind, whether it must be there, and for an
 * integer the range it must lie in, for a text the values it may take (empty: any).
 */
public record FieldSpec(FieldKind kind, boolean required, long min, long max, List<String> values) {

    public FieldSpec {
        Objects.requireNonNull(kind, "kind");
        values = List.copyOf(values);
    }

    public static FieldSpec required(FieldKind kind) {
        return new FieldSpec(kind, true, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
    }

    public static FieldSpec optional(FieldKind kind) {
        return new FieldSpec(kind, false, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
    }

    public FieldSpec between(long newMin, long newMax) {
        return new FieldSpec(kind, required, newMin, newMax, values);
    }

    public FieldSpec oneOf(List<String> allowed) {
        return new FieldSpec(kind, required, min, max, allowed);
    }

    /** Why {@code value} is not acceptable, or null when it is. */
    public String problemWith(Object value) {
        if (!kind.holds(value)) {
            return "must be of kind " + kind.wireName();
        }
        if (value instanceof Long number && (number < min || number > max)) {
            return "must be between " + min + " and " + max;
        }
        if (value instanceof String text && !values.isEmpty() && !values.contains(text)) {
            return "must be one of " + String.join(", ", values);
        }
        return null;
    }
}
