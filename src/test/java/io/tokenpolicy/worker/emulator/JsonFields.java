package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed reads from a JSON object with Go's rules: missing or null is zero, a wrong type is an error. */
final class JsonFields {

    private final JsonNode root;

    private JsonFields(JsonNode root) {
        this.root = root;
    }

    static JsonFields of(String body) {
        try {
            JsonNode root = Reply.JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw ApiFailure.business("invalid request body: not a JSON object");
            }
            return new JsonFields(root);
        } catch (JsonProcessingException ex) {
            throw ApiFailure.business("invalid request body: " + ex.getOriginalMessage());
        }
    }

    long integer(String field) {
        JsonNode value = root.get(field);
        if (absent(value)) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer");
        }
        return value.longValue();
    }

    boolean bool(String field) {
        JsonNode value = root.get(field);
        if (absent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "a boolean");
        }
        return value.booleanValue();
    }

    String text(String field) {
        String value = nullableText(field);
        return value == null ? "" : value;
    }

    String nullableText(String field) {
        JsonNode value = root.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string");
        }
        return value.textValue();
    }

    List<String> texts(String field) {
        JsonNode value = root.get(field);
        if (absent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrongType(field, "an array of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw wrongType(field, "an array of strings");
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    /** Whether the body carries the field (a JSON null counts as absent). */
    boolean has(String field) {
        return !absent(root.get(field));
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }

    private static ApiFailure wrongType(String field, String expected) {
        return ApiFailure.business("invalid request body: " + field + " must be " + expected);
    }
}
