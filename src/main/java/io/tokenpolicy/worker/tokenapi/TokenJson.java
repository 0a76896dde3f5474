package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;

/**
 * Reads the policy's fields from the gateway's token JSON, and writes changed ones back into a
 * copy of it; the fields whose names and formats differ between gateways go through the dialect.
 */
final class TokenJson {

    private TokenJson() {
    }

    static TokenState stateOf(ObjectNode token, TokenDialect dialect) {
        try {
            return new TokenState(
                    required(token, "id").asLong(),
                    TokenStatus.ofCode(required(token, "status").asInt()),
                    required(token, "remain_quota").asLong(),
                    token.path("unlimited_quota").asBoolean(false),
                    dialect.allowIps(token),
                    token.path("expired_time").asLong(TokenState.NEVER),
                    dialect.modelLimits(token),
                    token.path("group").asText(""));
        } catch (IllegalArgumentException unreadable) {
            throw new PermanentGatewayException("gateway returned an unreadable token: " + unreadable.getMessage());
        }
    }

    /** A copy of {@code current} with the fields that differ in {@code desired} replaced; nothing else touched. */
    static ObjectNode withChanges(ObjectNode current, TokenState desired, TokenDialect dialect) {
        ObjectNode body = current.deepCopy();
        TokenState now = stateOf(current, dialect);
        if (now.remainQuota() != desired.remainQuota()) {
            body.put("remain_quota", desired.remainQuota());
        }
        if (now.unlimitedQuota() != desired.unlimitedQuota()) {
            body.put("unlimited_quota", desired.unlimitedQuota());
        }
        if (!now.allowIps().equals(desired.allowIps())) {
            dialect.putAllowIps(body, desired.allowIps());
        }
        if (now.expiredTime() != desired.expiredTime()) {
            body.put("expired_time", desired.expiredTime());
        }
        if (!now.modelLimits().equals(desired.modelLimits())) {
            dialect.putModelLimits(body, desired.modelLimits());
        }
        if (!now.group().equals(desired.group())) {
            body.put("group", desired.group());
        }
        return body;
    }

    static ObjectNode withStatus(ObjectNode current, TokenStatus status) {
        return current.deepCopy().put("status", status.code());
    }

    /**
     * The body of a status-only PUT: {@code id} and {@code status}, nothing else. The gateway checks the
     * body's name and quota even in this mode, so echoing the stored token would let a stored value it
     * refuses (a quota that usage drove negative, a name an admin made too long) stop a disable.
     */
    static ObjectNode statusOnly(long id, TokenStatus status) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("status", status.code());
    }

    private static JsonNode required(ObjectNode token, String field) {
        JsonNode value = token.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("field " + field + " is missing or not a number");
        }
        return value;
    }
}
