package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Adds quota. An exhausted token comes back to life when {@link Revival} lets it; a disabled or
 * expired one keeps its status, because billing never overrides a security decision.
 */
public record RaiseQuota(long amount, Instant now) implements TokenChange {

    public RaiseQuota {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        Objects.requireNonNull(now, "now");
    }

    @Override
    public TokenChange afterQuotaLanded() {
        return new ReEnableExhausted("top-up landed before a restart", now);
    }

    @Override
    public boolean relativeQuota() {
        return true;
    }

    @Override
    public Decision applyTo(TokenState token) {
        if (token.unlimitedQuota()) {
            return new Decision.Apply(token, "token has unlimited quota; top-up has no effect");
        }
        if (token.remainQuota() > Long.MAX_VALUE - amount) {
            return new Decision.Refuse("remain_quota would exceed the gateway's maximum");
        }
        return Revival.afterTopUp(token.withRemainQuota(token.remainQuota() + amount), now, "quota raised");
    }
}
