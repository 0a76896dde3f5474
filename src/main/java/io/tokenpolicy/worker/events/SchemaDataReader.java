package io.tokenpolicy.worker.events;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.FieldCheck;
import io.tokenpolicy.worker.policy.FieldSpec;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.text.Printable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the {@code data} of an event of a type its schema describes (the catalogue's types and the
 * operators' own): only its fields, each of its kind and range and with the checks it carries.
 */
final class SchemaDataReader {

    private static final Set<String> ENVELOPE_FIELDS = Set.of("token_id", "user_id");
    private static final Set<String> EVERY_ADDRESS = Set.of("0.0.0.0/0", "::/0");

    private final Map<String, EventSchema> schemas;
    private final Set<String> allFields;

    SchemaDataReader(Map<String, EventSchema> schemas) {
        this.schemas = Map.copyOf(schemas);
        this.allFields = Stream.concat(
                        ENVELOPE_FIELDS.stream(),
                        this.schemas.values().stream().flatMap(schema -> schema.fields().keySet().stream()))
                .collect(Collectors.toUnmodifiableSet());
    }

    Set<String> knownTypes() {
        return schemas.keySet();
    }

    /** Every field that the data of some known type owns. */
    Set<String> allFields() {
        return allFields;
    }

    /** The event, its type one of {@link #knownTypes()}. */
    TokenEvent read(EventEnvelope envelope, DataFields data) {
        EventSchema schema = schemas.get(envelope.type());
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
        return new TokenEvent(envelope, new EventData(values));
    }

    private static Object value(DataFields data, String name, FieldSpec spec) {
        Object value =
                switch (spec.kind()) {
                    case INTEGER -> spec.has(FieldCheck.POSITIVE) ? data.positiveLong(name) : data.integer(name);
                    case TEXT -> text(data, name, spec);
                    case BOOLEAN -> data.bool(name);
                    case TEXT_LIST -> data.textList(name);
                    case IP_LIST -> allowIps(data, name, spec);
                };
        String problem = spec.problemWith(value);
        if (problem != null) {
            throw new BadEventException("data." + name + " " + problem);
        }
        return value;
    }

    private static String text(DataFields data, String name, FieldSpec spec) {
        String text = data.text(name);
        return spec.has(FieldCheck.MASKED) ? Printable.of(text, DataFields.MAX_TEXT_LENGTH) : text;
    }

    /** Valid addresses and CIDR blocks only and, where the field narrows, none that admits a whole address family. */
    private static AllowIps allowIps(DataFields data, String name, FieldSpec spec) {
        AllowIps allowIps;
        try {
            allowIps = AllowIps.of(data.textList(name));
        } catch (IllegalArgumentException invalid) {
            throw new BadEventException("data." + name + ": " + Printable.of(invalid.getMessage(), 200));
        }
        if (spec.has(FieldCheck.NARROWING)) {
            allowIps.entries().stream()
                    .filter(EVERY_ADDRESS::contains)
                    .findFirst()
                    .ifPresent(everything -> {
                        throw new BadEventException("data." + name + ": '" + everything
                                + "' admits every address; an allow list must narrow access");
                    });
        }
        return allowIps;
    }
}
