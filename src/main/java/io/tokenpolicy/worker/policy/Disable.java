package io.tokenpolicy.worker.policy;

import java.util.Objects;

/**
 * Switches the token off. A security event's disable of a token that was not already disabled puts
 * it on a security hold, which the incident's resolution may lift; a disable for any other reason
 * (billing, a narrowing that leaves nothing) ends such a hold.
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
        return bySecurity
                && after.status() == TokenStatus.DISABLED
                && (held || before.status() != TokenStatus.DISABLED);
    }
}
