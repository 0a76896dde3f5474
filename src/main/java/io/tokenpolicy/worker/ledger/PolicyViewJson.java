package io.tokenpolicy.worker.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.PolicyView;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A token's {@link PolicyView} as the value of its record on the policy-view topic: {@code user_id}, {@code token_id},
 * {@code at} (when written), {@code event} (the idempotency key of the event whose outcome carried it), and each field
 * the policy decided: {@code status} (the gateway's code) with {@code status_why} and {@code status_security},
 * {@code allow_ips} (entries; {@code null} for no restriction), {@code model_limits_enabled} with {@code model_limits},
 * {@code expired_time}, {@code group}, {@code funded_total}. A field never decided is absent.
 */
public final class PolicyViewJson {

    private PolicyViewJson() {}

    static ObjectNode write(long userId, long tokenId, PolicyView view, String eventKey, Instant at) {
        ObjectNode json = Json.MAPPER
                .createObjectNode()
                .put("user_id", userId)
                .put("token_id", tokenId)
                .put("at", at.toString())
                .put("event", eventKey);
        view.status().ifPresent(status -> json.put("status", status.status().code())
                .put("status_why", status.why())
                .put("status_security", status.security()));
        view.allowIps().ifPresent(ips -> {
            if (ips.isUnrestricted()) {
                json.putNull("allow_ips");
            } else {
                strings(json.putArray("allow_ips"), ips.entries());
            }
        });
        view.modelLimits().ifPresent(models -> {
            json.put("model_limits_enabled", models.enabled());
            strings(json.putArray("model_limits"), models.models());
        });
        view.expiredTime().ifPresent(expiry -> json.put("expired_time", expiry));
        view.group().ifPresent(group -> json.put("group", group));
        view.fundedTotal().ifPresent(total -> json.put("funded_total", total));
        return json;
    }

    /** The view a record holds; a status code only some fork knows is read as not decided. */
    public static PolicyView read(JsonNode json) {
        Optional<PolicyView.DecidedStatus> status = json.has("status")
                ? TokenStatus.ofCode(json.path("status").asInt())
                        .map(code -> new PolicyView.DecidedStatus(
                                code,
                                json.path("status_why").asText(""),
                                json.path("status_security").asBoolean(false)))
                : Optional.empty();
        Optional<AllowIps> allowIps = Optional.empty();
        if (json.has("allow_ips")) {
            List<String> entries = strings(json.path("allow_ips"));
            allowIps = json.path("allow_ips").isNull()
                    ? Optional.of(AllowIps.unrestricted())
                    : Optional.of(entries).filter(e -> !e.isEmpty()).map(AllowIps::of);
        }
        Optional<ModelLimits> models = json.has("model_limits")
                ? Optional.of(new ModelLimits(
                        json.path("model_limits_enabled").asBoolean(true), strings(json.path("model_limits"))))
                : Optional.empty();
        return new PolicyView(
                status,
                allowIps,
                models,
                json.has("expired_time")
                        ? OptionalLong.of(json.path("expired_time").asLong())
                        : OptionalLong.empty(),
                json.has("group") ? Optional.of(json.path("group").asText()) : Optional.empty(),
                json.has("funded_total")
                        ? OptionalLong.of(json.path("funded_total").asLong())
                        : OptionalLong.empty());
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
