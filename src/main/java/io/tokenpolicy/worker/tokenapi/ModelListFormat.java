package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two ways gateways store a model list in one string: upstream new-api splits a plain
 * comma-separated list (untrimmed), Crazyrouter documents a JSON array in the string.
 */
enum ModelListFormat {
    COMMA_SEPARATED {
        @Override
        List<String> parse(String stored) {
            return Arrays.stream(stored.split(",", -1))
                    .filter(model -> !model.isEmpty())
                    .toList();
        }

        @Override
        String render(List<String> models) {
            if (models.stream().anyMatch(model -> model.contains(","))) {
                throw new PermanentGatewayException(
                        "a model name with a comma cannot be written as a comma-separated list");
            }
            return String.join(",", models);
        }
    },
    JSON_ARRAY {
        /** A value that only looks like an array is read as upstream reads any value: split on commas. */
        @Override
        List<String> parse(String stored) {
            JsonNode array = readArray(stored);
            if (array == null) {
                return COMMA_SEPARATED.parse(stored);
            }
            List<String> models = new ArrayList<>();
            array.forEach(model -> models.add(model.asText()));
            return models.stream().filter(model -> !model.isEmpty()).toList();
        }

        @Override
        String render(List<String> models) {
            ArrayNode array = JSON.createArrayNode();
            models.forEach(array::add);
            return array.toString();
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    abstract List<String> parse(String stored);

    abstract String render(List<String> models);

    /** The format a stored value is in; {@code null} when it is empty and so tells nothing. */
    static ModelListFormat of(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        return stored.strip().startsWith("[") ? JSON_ARRAY : COMMA_SEPARATED;
    }

    /** The stored value as a JSON array, or {@code null} when it is not one. */
    private static JsonNode readArray(String stored) {
        try {
            JsonNode array = JSON.readTree(stored);
            return array != null && array.isArray() ? array : null;
        } catch (JacksonException unreadable) {
            return null;
        }
    }
}
