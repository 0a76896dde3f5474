package io.tokenpolicy.worker.policy;

/** Makes the token's quota unlimited, or limited again (to the remain_quota it has). */
public record SetUnlimited(boolean unlimited) implements TokenChange {

    @Override
    public Decision applyTo(TokenState token) {
        return new Decision.Apply(
                token.withUnlimitedQuota(unlimited), unlimited ? "quota made unlimited" : "quota made limited");
    }
}
