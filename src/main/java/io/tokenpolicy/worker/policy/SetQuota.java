package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Sets the quota to an absolute value (a daily or monthly budget); setting it again changes
 * nothing, so it needs no intent. An exhausted or expired token that may run again is
 * re-enabled; a disabled one keeps its status.
 */
public record SetQuota(long quota, Instant now) implements TokenChange {

    public SetQuota {
        if (quota < 0 || quota > Quota.MAX) {
            throw new IllegalArgumentException("remain_quota must be between 0 and " + Quota.MAX);
        }
        Objects.requireNonNull(now, "now");
    }

    @Override
    public TokenChange afterQuotaLanded() {
        return new Revive("quota set before a restart", now);
    }

    @Override
    public Decision applyTo(TokenState token) {
        return Revival.apply(token.withRemainQuota(quota), now, "quota set to " + quota);
    }
}
