package io.tokenpolicy.worker.policy;

import java.util.Objects;

/** Switches the token off. */
public record Disable(String reason) implements TokenChange {

    public Disable {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Decision applyTo(TokenState token) {
        if (token.status() == TokenStatus.DISABLED) {
            return new Decision.Apply(token, "token already disabled");
        }
        return new Decision.Apply(token.withStatus(TokenStatus.DISABLED), reason);
    }
}
