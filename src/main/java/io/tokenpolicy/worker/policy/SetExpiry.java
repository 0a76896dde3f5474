package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Sets when the token expires ({@link TokenState#NEVER}: never). An expired token whose new
 * expiry lies ahead is re-enabled, after the expiry has been written (the gateway's guard
 * judges the stored expiry); a disabled one keeps its status.
 */
public record SetExpiry(long expiredTime, Instant now) implements TokenChange {

    public SetExpiry {
        if (expiredTime != TokenState.NEVER && expiredTime <= 0) {
            throw new IllegalArgumentException("expired_time must be -1 (never) or positive unix seconds");
        }
        Objects.requireNonNull(now, "now");
    }

    @Override
    public Decision applyTo(TokenState token) {
        String reason = expiredTime == TokenState.NEVER ? "expiry removed" : "expiry set to " + expiredTime;
        return Revival.apply(token.withExpiredTime(expiredTime), now, reason);
    }
}
