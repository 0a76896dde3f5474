package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.text.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads the policy's fields from the gateway's token JSON, and writes changed ones back into a
 * copy of it; the fields whose names and formats differ between gateways go through the dialect.
 */
final class TokenJson {

    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,9}");
    private static final int MAX_SHOWN = 40;

    private TokenJson() {}

    /**
     * The token's state, read leniently where a disable must not depend on it: a {@code status} the
     * worker does not know (a fork's own code, a string) reads as enabled and a missing or
     * non-numeric {@code remain_quota} as 0, so that a disable still goes out; {@link #unreadable}
     * then says why nothing else may be written.
     */
    static TokenState stateOf(ObjectNode token, TokenDialect dialect) {
        try {
            return new TokenState(
                    required(token, "id").asLong(),
                    status(token).orElse(TokenStatus.ENABLED),
                    remainQuota(token).orElse(0),
                    token.path("unlimited_quota").asBoolean(false),
                    dialect.allowIps(token),
                    token.path("expired_time").asLong(TokenState.NEVER),
                    dialect.modelLimits(token),
                    token.path("group").asText(""));
        } catch (IllegalArgumentException unreadable) {
            throw new PermanentGatewayException("gateway returned an unreadable token: " + unreadable.getMessage());
        }
    }

    /** Why the worker cannot tell the token's status or quota, when it cannot: then only a disable is written. */
    static Optional<String> unreadable(ObjectNode token) {
        List<String> unknown = new ArrayList<>();
        if (status(token).isEmpty()) {
            unknown.add("status " + shown(token.get("status")));
        }
        if (remainQuota(token).isEmpty()) {
            unknown.add("remain_quota " + shown(token.get("remain_quota")));
        }
        return unknown.isEmpty()
                ? Optional.empty()
                : Optional.of("the worker cannot read the token's " + String.join(" and ", unknown));
    }

    private static Optional<TokenStatus> status(ObjectNode token) {
        JsonNode value = token.get("status");
        boolean code = value != null
                && (value.isIntegralNumber()
                        || value.isTextual() && DIGITS.matcher(value.asText()).matches());
        return code ? TokenStatus.ofCode(value.asInt()) : Optional.empty();
    }

    private static OptionalLong remainQuota(ObjectNode token) {
        JsonNode value = token.get("remain_quota");
        return value != null && value.isIntegralNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }

    private static String shown(JsonNode value) {
        return value == null ? "(missing)" : Printable.of(value.toString(), MAX_SHOWN);
    }

    /**
     * A copy of {@code current} with the fields that differ in {@code desired} replaced; nothing else touched, but for
     * {@code auto_groups}, which is left out: the server keeps it when omitted.
     */
    static ObjectNode withChanges(ObjectNode current, TokenState desired, TokenDialect dialect) {
        ObjectNode body = current.deepCopy();
        // newer servers keep auto_groups when it is omitted and validate it when sent: echoed back, it makes every
        // PUT of the token fail once an admin changes which groups are selectable (docs/operations.md, "The gateway's
        // token API")
        body.remove("auto_groups");
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
            dialect.putGroup(body, desired.group());
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
