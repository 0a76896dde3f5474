package io.tokenpolicy.worker.policy;

import java.util.List;

/**
 * A change to a token that an event calls for, independent of the token's current state;
 * {@link #applyTo} works out what it means for one token. Applying changes one after
 * another to the state each leaves behind gives the same result as writing each in turn.
 */
public sealed interface TokenChange
        permits RaiseQuota,
                LowerQuota,
                SetQuota,
                SetUnlimited,
                ReEnableExhausted,
                Revive,
                Disable,
                Enable,
                NarrowAllowIps,
                NarrowModels,
                SetModels,
                SetGroup,
                SetExpiry,
                ExtendExpiry,
                KeepToken,
                RefuseChange,
                CombinedChange {

    Decision applyTo(TokenState token);

    /**
     * What this change means for a token that a security event of the worker's does, or does not, hold
     * disabled: only a re-enable asks. The worker keeps that fact itself; the gateway cannot tell why a
     * token is disabled.
     */
    default Decision applyTo(TokenState token, boolean heldBySecurity) {
        return applyTo(token);
    }

    /**
     * Whether a security event holds the token disabled once this change took it from {@code before} to
     * {@code after}, given whether one did ({@code held}). A token that is no longer disabled is held by
     * nothing; only a security event's {@link Disable} starts a hold, and only a narrowing that leaves
     * nothing (or a re-enable) ends it: a disable for another reason (billing) adds its own stop instead.
     */
    default boolean heldBySecurity(boolean held, TokenState before, TokenState after) {
        return held && after.status() == TokenStatus.DISABLED;
    }

    /** Whether it is, or includes, a security event's {@link Disable}. */
    default boolean disablesForSecurity() {
        return false;
    }

    /** Whether it is, or includes, a {@link Disable} for another reason than a security event (billing). */
    default boolean disablesForAnotherReason() {
        return false;
    }

    /**
     * The security model restrictions of the token, oldest first, once this change is made, given those before: a
     * model restriction adds its models (unless the same are kept already, as when it is delivered again after a
     * crash), every other change keeps them.
     */
    default List<List<String>> modelRestrictions(List<List<String>> before) {
        return before;
    }

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
     * written must not leave the token open, so it waits for the token's next full write and an enabled
     * token is disabled until then.
     */
    default boolean narrowsAccess() {
        return false;
    }
}
