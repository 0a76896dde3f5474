package io.tokenpolicy.worker.policy;

/**
 * Adds quota. An exhausted token comes back to life; a disabled or expired one keeps its
 * status, because billing never overrides a security decision.
 */
public record RaiseQuota(long amount) implements TokenChange {

    public RaiseQuota {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
    }

    @Override
    public TokenChange afterQuotaLanded() {
        return new ReEnableExhausted("top-up landed before a restart");
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
        if (token.remainQuota() > Quota.MAX - amount) {
            return new Decision.Refuse("remain_quota would exceed the gateway's maximum of " + Quota.MAX);
        }
        TokenState raised = token.withRemainQuota(token.remainQuota() + amount);
        if (token.status() == TokenStatus.EXHAUSTED) {
            return new Decision.Apply(raised.withStatus(TokenStatus.ENABLED), "quota raised; exhausted token re-enabled");
        }
        return new Decision.Apply(raised, "quota raised");
    }
}
