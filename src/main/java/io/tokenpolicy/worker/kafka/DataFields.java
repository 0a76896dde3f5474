package io.tokenpolicy.worker.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Typed, strict access to the fields of an event's {@code data} object; every error names the field. */
final class DataFields {

    private final ObjectNode data;

    DataFields(ObjectNode data) {
        this.data = data;
    }

    /** Refuses fields the event type does not own, so that no event can reach a field by accident. */
    void allowOnly(String type, Set<String> fields) {
        data.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw new BadEventException("data." + name + " is not a field of " + type);
            }
        });
    }

    boolean has(String field) {
        JsonNode value = data.get(field);
        return value != null && !value.isNull();
    }

    long positiveLong(String field) {
        JsonNode value = require(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
            throw new BadEventException("data." + field + " must be a positive integer");
        }
        return value.asLong();
    }

    Optional<Long> optionalPositiveLong(String field) {
        return has(field) ? Optional.of(positiveLong(field)) : Optional.empty();
    }

    String text(String field) {
        JsonNode value = require(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new BadEventException("data." + field + " must be a non-empty string");
        }
        return value.asText();
    }

    List<String> textList(String field) {
        JsonNode value = require(field);
        if (!value.isArray() || value.isEmpty()) {
            throw new BadEventException("data." + field + " must be a non-empty array of strings");
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : value) {
            if (!entry.isTextual()) {
                throw new BadEventException("data." + field + " must contain only strings");
            }
            entries.add(entry.asText());
        }
        return entries;
    }

    long integer(String field) {
        JsonNode value = require(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadEventException("data." + field + " must be an integer");
        }
        return value.asLong();
    }

    boolean bool(String field) {
        JsonNode value = require(field);
        if (!value.isBoolean()) {
            throw new BadEventException("data." + field + " must be true or false");
        }
        return value.asBoolean();
    }

    private JsonNode require(String field) {
        if (!has(field)) {
            throw new BadEventException("data." + field + " is required");
        }
        return data.get(field);
    }
}
