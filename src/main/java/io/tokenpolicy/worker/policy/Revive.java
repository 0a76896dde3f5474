package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * What is left of a quota or expiry change that has already landed: a token stopped for want
 * of quota or time runs again when that is no longer wanting; nothing else changes.
 */
record Revive(String reason, Instant now) implements TokenChange {

    Revive {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
    }

    @Override
    public Decision applyTo(TokenState token) {
        return Revival.apply(token, now, reason);
    }
}
