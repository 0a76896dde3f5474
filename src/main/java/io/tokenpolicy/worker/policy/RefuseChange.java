package io.tokenpolicy.worker.policy;

import java.util.Objects;

/** An event whose values cannot make a valid change (say, a quota past the maximum): it is rejected. */
public record RefuseChange(String reason) implements TokenChange {

    public RefuseChange {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Decision applyTo(TokenState token) {
        return new Decision.Refuse(reason);
    }
}
