package io.tokenpolicy.worker.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code data} fields of an event, read and checked against its type's schema: each value
 * is a {@link Long}, {@link String}, {@link Boolean}, {@code List<String>} or {@link AllowIps}
 * (see {@link FieldKind}). Absent optional fields are simply not there.
 */
public record EventData(Map<String, Object> fields) {

    public static final EventData EMPTY = new EventData(Map.of());

    public EventData {
        fields = Map.copyOf(fields);
    }

    public Optional<Object> get(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }
}
