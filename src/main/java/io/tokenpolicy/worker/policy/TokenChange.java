package io.tokenpolicy.worker.policy;

/**
 * A change to a token that an event calls for, independent of the token's current state;
 * {@link #applyTo} works out what it means for one token. Applying changes one after
 * another to the state each leaves behind gives the same result as writing each in turn.
 */
public sealed interface TokenChange permits RaiseQuota, LowerQuota, SetQuota, SetUnlimited, ReEnableExhausted, Revive,
        Disable, Enable, NarrowAllowIps, NarrowModels, SetModels, SetGroup, SetExpiry, ExtendExpiry, KeepToken,
        RefuseChange, CombinedChange {

    Decision applyTo(TokenState token);

    /**
     * This change for a token on which its quota write is known to have landed already (a
     * restart between the write and its outcome): what is left of it, if anything.
     */
    default TokenChange afterQuotaLanded() {
        return this;
    }

    /** Whether it moves the quota by an amount, so that applying it twice would count it twice. */
    default boolean relativeQuota() {
        return false;
    }

    /**
     * Whether it restricts who or what may use the token, for security: such a change that cannot be
     * written must not leave the token open, so the token is disabled instead.
     */
    default boolean narrowsAccess() {
        return false;
    }
}
