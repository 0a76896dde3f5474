package io.tokenpolicy.worker.policy;

/**
 * A change to a token that an event calls for, independent of the token's current state;
 * {@link #applyTo} works out what it means for one token. Applying changes one after
 * another to the state each leaves behind gives the same result as writing each in turn.
 */
public sealed interface TokenChange permits RaiseQuota, Disable, NarrowAllowIps, KeepToken {

    Decision applyTo(TokenState token);
}
