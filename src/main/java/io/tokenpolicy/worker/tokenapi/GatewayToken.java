package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.StoredToken;
import io.tokenpolicy.worker.policy.TokenState;

/**
 * A token as the gateway returned it. The whole JSON object is kept, unknown fields
 * included, because a PUT replaces every writable field and must send them all back.
 * The JSON holds the (masked) key: never log it, and {@link #toString()} leaves it out.
 */
record GatewayToken(long userId, ObjectNode json, TokenState state) implements StoredToken {

    static GatewayToken of(long userId, ObjectNode json, TokenDialect dialect) {
        return new GatewayToken(userId, json, TokenJson.stateOf(json, dialect));
    }

    @Override
    public long usedQuota() {
        return json.path("used_quota").asLong(0);
    }

    @Override
    public String toString() {
        return "GatewayToken[userId=" + userId + ", state=" + state + "]";
    }
}
