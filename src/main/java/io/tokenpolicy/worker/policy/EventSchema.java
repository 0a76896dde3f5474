package io.tokenpolicy.worker.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@code data} of one event type holds besides {@code token_id} and {@code user_id}.
 *
 * @param fields    the fields by name, in the order they are read (so that of two faults, the first is named)
 * @param anyOf     when not empty, at least one of these fields must be present
 */
public record EventSchema(String type, Map<String, FieldSpec> fields, List<String> anyOf) {

    public EventSchema {
        Objects.requireNonNull(type, "type");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        anyOf = List.copyOf(anyOf);
    }

    public EventSchema(String type, Map<String, FieldSpec> fields) {
        this(type, fields, List.of());
    }
}
