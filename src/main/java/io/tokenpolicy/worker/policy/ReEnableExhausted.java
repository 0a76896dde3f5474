package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * What is left of a top-up whose quota has already landed: an exhausted token comes back to life
 * when {@link Revival} lets it; nothing else changes.
 */
record ReEnableExhausted(String reason, Instant now) implements TokenChange {

    ReEnableExhausted {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
    }

    @Override
    public Decision applyTo(TokenState token) {
        return Revival.afterLandedTopUp(token, now, reason);
    }
}
