package io.tokenpolicy.worker.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One field of an event type's {@code data}: its kind, whether it must be there, for an integer
 * the range it must lie in, for a text the values it may take (empty: any), and the checks its
 * reading makes beyond those.
 */
public record FieldSpec(
        FieldKind kind, boolean required, long min, long max, List<String> values, Set<FieldCheck> checks) {

    public FieldSpec {
        Objects.requireNonNull(kind, "kind");
        values = List.copyOf(values);
        checks = Set.copyOf(checks);
        checks.stream().filter(check -> check.kind() != kind).findFirst().ifPresent(check -> {
            throw new IllegalArgumentException(
                    check + " applies to kind " + check.kind().wireName() + ", not " + kind.wireName());
        });
    }

    public static FieldSpec required(FieldKind kind) {
        return new FieldSpec(kind, true, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), Set.of());
    }

    public static FieldSpec optional(FieldKind kind) {
        return new FieldSpec(kind, false, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), Set.of());
    }

    public FieldSpec between(long newMin, long newMax) {
        return new FieldSpec(kind, required, newMin, newMax, values, checks);
    }

    public FieldSpec oneOf(List<String> allowed) {
        return new FieldSpec(kind, required, min, max, allowed, checks);
    }

    public FieldSpec with(FieldCheck check) {
        Set<FieldCheck> more = new HashSet<>(checks);
        more.add(check);
        return new FieldSpec(kind, required, min, max, values, more);
    }

    public boolean has(FieldCheck check) {
        return checks.contains(check);
    }

    /** Why {@code value} is not acceptable, or null when it is. */
    public String problemWith(Object value) {
        if (!kind.holds(value)) {
            return "must be of kind " + kind.wireName();
        }
        if (value instanceof Long number && (number < min || number > max)) {
            return has(FieldCheck.POSITIVE) && number > max
                    ? "must not exceed " + max
                    : "must be between " + min + " and " + max;
        }
        if (value instanceof String text && !values.isEmpty() && !values.contains(text)) {
            return "must be one of " + String.join(", ", values);
        }
        return null;
    }
}
