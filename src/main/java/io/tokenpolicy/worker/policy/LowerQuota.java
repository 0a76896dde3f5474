package io.tokenpolicy.worker.policy;

/**
 * Takes quota back (a refund), never below 0: a token that usage drove below 0 has nothing left to
 * take, and keeps its quota. An unlimited token is not changed. Applied twice
 * it would take twice, so it is written under an intent like a top-up.
 */
public record LowerQuota(long amount) implements TokenChange {

    public LowerQuota {
        if (amount <= 0 || amount > Quota.MAX) {
            throw new IllegalArgumentException("amount must be between 1 and " + Quota.MAX);
        }
    }

    @Override
    public TokenChange afterQuotaLanded() {
        return new KeepToken("quota change landed before a restart");
    }

    @Override
    public boolean relativeQuota() {
        return true;
    }

    @Override
    public Decision applyTo(TokenState token) {
        if (token.unlimitedQuota()) {
            return new Decision.Apply(token, "token has unlimited quota; lowering it has no effect");
        }
        if (token.remainQuota() < 0) {
            return new Decision.Apply(
                    token,
                    "remain_quota is " + token.remainQuota() + " (usage settled below 0): nothing left to take back");
        }
        long lowered = Math.max(0, token.remainQuota() - amount);
        String reason = lowered == 0 ? "quota lowered to 0 (not below)" : "quota lowered";
        return new Decision.Apply(token.withRemainQuota(lowered), reason);
    }
}
