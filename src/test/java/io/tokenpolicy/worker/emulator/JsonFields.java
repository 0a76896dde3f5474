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
                throw EmulatedRefusal.INVALID_BODY.answeredByAny(kind(root) + " into Go value of type model.Token");
            }
            return new JsonFields(root);
        } catch (JsonProcessingException ex) {
            throw EmulatedRefusal.BODY_NOT_JSON.answeredByAny(
                    "'" + characterAt(body, ex) + "' looking for beginning of value");
        }
    }

    long integer(String field) {
        JsonNode value = root.get(field);
        if (absent(value)) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "int64");
        }
        return value.longValue();
    }

    boolean bool(String field) {
        JsonNode value = root.get(field);
        if (absent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "bool");
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
            throw wrongType(field, "string");
        }
        return value.textValue();
    }

    List<String> texts(String field) {
        JsonNode value = root.get(field);
        if (absent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrongType(field, "[]string");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw wrongType(field, "[]string");
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
        return EmulatedRefusal.INVALID_BODY.answeredByAny(
                "value into Go struct field Token." + field + " of type " + expected);
    }

    private static String kind(JsonNode node) {
        if (node == null) {
            return "null";
        }
        return node.isArray() ? "array" : node.isTextual() ? "string" : node.isNumber() ? "number" : "bool";
    }

    private static char characterAt(String body, JsonProcessingException ex) {
        long offset = ex.getLocation() == null ? -1 : ex.getLocation().getCharOffset();
        return offset >= 0 && offset < body.length() ? body.charAt((int) offset) : ' ';
    }
}
