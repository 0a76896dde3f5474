package io.tokenpolicy.worker.policy;

import java.util.Objects;

/**
 * What is left of a top-up whose quota has already landed: an exhausted token that now has
 * quota comes back to life; nothing else changes.
 */
public record ReEnableExhausted(String reason) implements TokenChange {

    public ReEnableExhausted {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Decision applyTo(TokenState token) {
        if (token.status() == TokenStatus.EXHAUSTED && token.remainQuota() > 0) {
            return new Decision.Apply(token.withStatus(TokenStatus.ENABLED), reason + "; exhausted token re-enabled");
        }
        return new Decision.Apply(token, reason);
    }
}
