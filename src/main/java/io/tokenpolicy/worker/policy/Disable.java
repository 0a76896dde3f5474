package io.tokenpolicy.worker.policy;

import java.util.Objects;

/**
 * Switches the token off. A security event's disable of a token that was not already disabled puts
 * it on a security hold, which the incident's resolution may lift. A disable for any other reason
 * (billing, an operator's rule outside the security lane) never lifts such a hold: it adds a stop of
 * its own, which keeps the token disabled when the incident is resolved.
 *
 * @param bySecurity whether a security event asks for it
 */
public record Disable(String reason, boolean bySecurity) implements TokenChange {

    public Disable {
        Objects.requireNonNull(reason, "reason");
    }

    /** A disable for another reason than a security event. */
    public Disable(String reason) {
        this(reason, false);
    }

    @Override
    public Decision applyTo(TokenState token) {
        if (token.status() == TokenStatus.DISABLED) {
            return new Decision.Apply(token, "token already disabled");
        }
        return new Decision.Apply(token.withStatus(TokenStatus.DISABLED), reason);
    }

    @Override
    public boolean heldBySecurity(boolean held, TokenState before, TokenState after) {
        return after.status() == TokenStatus.DISABLED
                && (held || (bySecurity && before.status() != TokenStatus.DISABLED));
    }

    @Override
    public boolean disablesForSecurity() {
        return bySecurity;
    }

    @Override
    public boolean disablesForAnotherReason() {
        return !bySecurity;
    }
}
