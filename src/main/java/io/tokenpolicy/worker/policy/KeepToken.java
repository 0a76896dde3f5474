package io.tokenpolicy.worker.policy;

import java.util.Objects;

/** The event asks for nothing to change; the reason says why. */
public record KeepToken(String reason) implements TokenChange {

    public KeepToken {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Decision applyTo(TokenState token) {
        return new Decision.Apply(token, reason);
    }
}
