package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.worker.policy.ModelLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gateway's {@code model_limits} text: upstream new-api stores a comma-separated list,
 * Crazyrouter a JSON array in a string. Both are read; a list is written back in the form the
 * token already uses (comma-separated when it has none).
 */
final class ModelLimitsText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelLimitsText() {
    }

    static ModelLimits read(boolean enabled, String text) {
        return new ModelLimits(enabled, names(text));
    }

    static String write(List<String> models, String currentText) {
        if (isJsonArray(currentText)) {
            return JSON.valueToTree(models).toString();
        }
        return String.join(",", models);
    }

    private static List<String> names(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        if (isJsonArray(text)) {
            try {
                List<String> names = new ArrayList<>();
                for (JsonNode name : JSON.readTree(text)) {
                    names.add(name.asText());
                }
                return names;
            } catch (JacksonException notJson) {
                return Arrays.asList(text.split(","));
            }
        }
        return Arrays.asList(text.split(","));
    }

    private static boolean isJsonArray(String text) {
        return text != null && text.strip().startsWith("[");
    }
}
