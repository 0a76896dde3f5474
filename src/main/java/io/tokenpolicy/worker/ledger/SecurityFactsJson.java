package io.tokenpolicy.worker.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.SecurityFacts;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A token's security facts as the value of its {@code disabled/<user id>/<token id>} ledger record: {@code at} (when
 * written), {@code held} (absent in the records of the versions that kept only the hold: true), and when set
 * {@code billing_stop}, {@code pending_stop}, {@code no_model_left}, {@code pending_allow_ips}, {@code pending_models} and {@code
 * model_restrictions} (entries or model names as arrays, the restrictions as an array of them, oldest first; {@code
 * pending_models_enabled} false for "no whitelist").
 */
final class SecurityFactsJson {

    private SecurityFactsJson() {}

    static ObjectNode write(SecurityFacts facts, Instant at) {
        ObjectNode json =
                Json.MAPPER.createObjectNode().put("at", at.toString()).put("held", facts.held());
        if (facts.billingStop()) {
            json.put("billing_stop", true);
        }
        if (facts.pendingStop()) {
            json.put("pending_stop", true);
        }
        if (facts.noModelLeft()) {
            json.put("no_model_left", true);
        }
        facts.pendingIps().ifPresent(ips -> strings(json.putArray("pending_allow_ips"), ips.entries()));
        facts.pendingModels().ifPresent(models -> {
            strings(json.putArray("pending_models"), models.models());
            json.put("pending_models_enabled", models.enabled());
        });
        if (!facts.modelRestrictions().isEmpty()) {
            ArrayNode restrictions = json.putArray("model_restrictions");
            facts.modelRestrictions().forEach(models -> strings(restrictions.addArray(), models));
        }
        return json;
    }

    static SecurityFacts read(JsonNode json) {
        Optional<AllowIps> pendingIps = json.has("pending_allow_ips")
                ? Optional.of(AllowIps.of(strings(json.path("pending_allow_ips"))))
                : Optional.empty();
        Optional<ModelLimits> pendingModels = json.has("pending_models")
                ? Optional.of(new ModelLimits(
                        json.path("pending_models_enabled").asBoolean(true), strings(json.path("pending_models"))))
                : Optional.empty();
        List<List<String>> restrictions = new ArrayList<>();
        json.path("model_restrictions").forEach(models -> restrictions.add(strings(models)));
        return new SecurityFacts(
                json.path("held").asBoolean(true),
                json.path("billing_stop").asBoolean(false),
                json.path("pending_stop").asBoolean(false),
                pendingIps,
                pendingModels,
                json.path("no_model_left").asBoolean(false),
                restrictions);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
