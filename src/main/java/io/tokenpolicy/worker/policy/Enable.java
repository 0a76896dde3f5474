package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Switches the token back on, as far as the gateway's guards allow: a token stored as expired
 * with a past expiry, or as exhausted without quota, cannot be enabled (the gateway refuses),
 * so the change is refused with the reason instead of failing at the gateway.
 */
public record Enable(String reason, Instant now) implements TokenChange {

    public Enable {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
    }

    @Override
    public Decision applyTo(TokenState token) {
        return switch (token.status()) {
            case ENABLED -> new Decision.Apply(token, "token already enabled");
            case DISABLED -> new Decision.Apply(token.withStatus(TokenStatus.ENABLED), reason);
            case EXPIRED -> token.expiredAt(now)
                    ? new Decision.Refuse("token expired at " + token.expiredTime()
                            + " and cannot be enabled; set a later expiry first")
                    : new Decision.Apply(token.withStatus(TokenStatus.ENABLED), reason);
            case EXHAUSTED -> token.remainQuota() <= 0
                    ? new Decision.Refuse("token has no quota left and cannot be enabled; raise its quota first")
                    : new Decision.Apply(token.withStatus(TokenStatus.ENABLED), reason);
        };
    }
}
