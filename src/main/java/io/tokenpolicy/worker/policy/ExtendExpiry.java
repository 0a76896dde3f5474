package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Pushes the expiry {@code seconds} later, counted from now when it has already passed; a token
 * that never expires is not changed. Revives an expired token as {@link SetExpiry} does.
 */
public record ExtendExpiry(long seconds, Instant now) implements TokenChange {

    public ExtendExpiry {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds must be positive");
        }
        Objects.requireNonNull(now, "now");
    }

    @Override
    public Decision applyTo(TokenState token) {
        if (token.expiredTime() == TokenState.NEVER) {
            return new Decision.Apply(token, "token never expires; expiry not extended");
        }
        long from = Math.max(token.expiredTime(), now.getEpochSecond());
        if (from > Long.MAX_VALUE - seconds) {
            return new Decision.Refuse("expired_time would overflow");
        }
        return new SetExpiry(from + seconds, now).applyTo(token);
    }
}
