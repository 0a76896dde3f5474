package io.tokenpolicy.worker.policy;

/**
 * A change to a token that an event calls for, independent of the token's current state;
 * {@link #applyTo} works out what it means for one token. Applying changes one after
 * another to the state each leaves behind gives the same result as writing each in turn.
 */
public sealed interface TokenChange permits RaiseQuota, ReEnableExhausted, Disable, NarrowAllowIps, KeepToken {

    Decision applyTo(TokenState token);

    /**
     * This change for a token on which its quota delta is known to have landed already (a
     * restart between the write and its outcome): what is left of it, if anything.
     */
    default TokenChange afterQuotaLanded() {
        return this;
    }

    /** Whether applying it twice would count its quota twice. */
    default boolean addsToQuota() {
        return false;
    }
}
