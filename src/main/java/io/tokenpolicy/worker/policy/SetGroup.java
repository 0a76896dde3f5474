package io.tokenpolicy.worker.policy;

import java.util.Objects;

/** Moves the token to another gateway group. */
public record SetGroup(String group) implements TokenChange {

    public SetGroup {
        Objects.requireNonNull(group, "group");
    }

    @Override
    public Decision applyTo(TokenState token) {
        return new Decision.Apply(token.withGroup(group), "group set to " + group);
    }
}
