package io.tokenpolicy.worker.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.text.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, strict access to the fields of an event's {@code data} object; every error names the
 * field. Numbers must be JSON integers (not strings, decimals or exponents) within a long;
 * text is bounded and free of control characters; lists are bounded.
 */
final class DataFields {

    static final int MAX_TEXT_LENGTH = 500;
    private static final int MAX_ENTRY_LENGTH = 100;

    private final ObjectNode data;
    private final int maxListEntries;

    DataFields(ObjectNode data, int maxListEntries) {
        this.data = data;
        this.maxListEntries = maxListEntries;
    }

    /** Refuses fields the event type does not own, so that no event can reach a field by accident. */
    void allowOnly(String type, Set<String> fields) {
        data.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw new BadEventException("data." + Printable.of(name) + " is not a field of " + type);
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
            throw new BadEventException("data." + field + " must be a positive integer, not " + kindOf(value));
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
        EventAttributes.requireClean("data." + field, value.asText(), MAX_TEXT_LENGTH);
        return value.asText();
    }

    List<String> textList(String field) {
        JsonNode value = require(field);
        if (!value.isArray() || value.isEmpty()) {
            throw new BadEventException("data." + field + " must be a non-empty array of strings");
        }
        if (value.size() > maxListEntries) {
            throw new BadEventException("data." + field + " has " + value.size() + " entries, more than "
                    + maxListEntries + " (token-policy.input.max-list-entries)");
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : value) {
            String name = "data." + field + "[" + entries.size() + "]";
            if (!entry.isTextual()) {
                throw new BadEventException(name + " must be a string, not " + kindOf(entry));
            }
            EventAttributes.requireClean(name, entry.asText(), MAX_ENTRY_LENGTH);
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

    /** The kind of a wrong value, in words, without echoing it. */
    private static String kindOf(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? "zero or negative" : "beyond a 64-bit integer";
        }
        if (value.isNumber()) {
            return "a decimal or exponent number";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "null";
        };
    }
}
