package io.tokenpolicy.worker.events;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.DataEvent;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.FieldSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code data} of an event type described by a schema (the catalogue's types without
 * records of their own, and the operators' types): only its fields, each of its kind and range.
 */
final class SchemaDataReader {

    private static final Set<String> ENVELOPE_FIELDS = Set.of("token_id", "user_id");

    private SchemaDataReader() {
    }

    static DataEvent read(EventEnvelope envelope, DataFields data, EventSchema schema) {
        Set<String> allowed = new HashSet<>(schema.fields().keySet());
        allowed.addAll(ENVELOPE_FIELDS);
        data.allowOnly(schema.type(), allowed);
        Map<String, Object> values = new HashMap<>();
        schema.fields().forEach((name, spec) -> {
            if (spec.required() || data.has(name)) {
                values.put(name, value(data, name, spec));
            }
        });
        if (!schema.anyOf().isEmpty() && schema.anyOf().stream().noneMatch(values::containsKey)) {
            throw new BadEventException("data must have at least one of " + String.join(", ", schema.anyOf()));
        }
        return new DataEvent(envelope, new EventData(values));
    }

    private static Object value(DataFields data, String name, FieldSpec spec) {
        Object value = switch (spec.kind()) {
            case INTEGER -> data.integer(name);
            case TEXT -> data.text(name);
            case BOOLEAN -> data.bool(name);
            case TEXT_LIST -> data.textList(name);
            case IP_LIST -> allowIps(data, name);
        };
        String problem = spec.problemWith(value);
        if (problem != null) {
            throw new BadEventException("data." + name + " " + problem);
        }
        return value;
    }

    private static AllowIps allowIps(DataFields data, String name) {
        try {
            return AllowIps.of(data.textList(name));
        } catch (IllegalArgumentException invalid) {
            throw new BadEventException("data." + name + ": " + invalid.getMessage());
        }
    }
}
