package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;

/** Reads the policy's fields from the gateway's token JSON, and writes changed ones back into a copy of it. */
final class TokenJson {

    private TokenJson() {
    }

    static TokenState stateOf(ObjectNode token) {
        try {
            return new TokenState(
                    required(token, "id").asLong(),
                    TokenStatus.ofCode(required(token, "status").asInt()),
                    required(token, "remain_quota").asLong(),
                    token.path("unlimited_quota").asBoolean(false),
                    AllowIps.fromGatewayText(textOrNull(token.get("allow_ips"))),
                    token.path("expired_time").asLong(TokenState.NEVER),
                    ModelLimitsText.read(token.path("model_limits_enabled").asBoolean(false),
                            textOrNull(token.get("model_limits"))),
                    token.path("group").asText(""));
        } catch (IllegalArgumentException unreadable) {
            throw new PermanentGatewayException("gateway returned an unreadable token: " + unreadable.getMessage());
        }
    }

    /** A copy of {@code current} with the fields that differ in {@code desired} replaced; nothing else touched. */
    static ObjectNode withChanges(ObjectNode current, TokenState desired) {
        ObjectNode body = current.deepCopy();
        TokenState now = stateOf(current);
        if (now.remainQuota() != desired.remainQuota()) {
            body.put("remain_quota", desired.remainQuota());
        }
        if (now.unlimitedQuota() != desired.unlimitedQuota()) {
            body.put("unlimited_quota", desired.unlimitedQuota());
        }
        if (!now.allowIps().equals(desired.allowIps())) {
            body.put("allow_ips", desired.allowIps().toGatewayText());
        }
        if (now.expiredTime() != desired.expiredTime()) {
            body.put("expired_time", desired.expiredTime());
        }
        if (now.modelLimits().enabled() != desired.modelLimits().enabled()) {
            body.put("model_limits_enabled", desired.modelLimits().enabled());
        }
        if (!now.modelLimits().models().equals(desired.modelLimits().models())) {
            body.put("model_limits", ModelLimitsText.write(desired.modelLimits().models(),
                    textOrNull(current.get("model_limits"))));
        }
        if (!now.group().equals(desired.group())) {
            body.put("group", desired.group());
        }
        return body;
    }

    static ObjectNode withStatus(ObjectNode current, TokenStatus status) {
        return current.deepCopy().put("status", status.code());
    }

    private static String textOrNull(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode required(ObjectNode token, String field) {
        JsonNode value = token.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("field " + field + " is missing or not a number");
        }
        return value;
    }
}
