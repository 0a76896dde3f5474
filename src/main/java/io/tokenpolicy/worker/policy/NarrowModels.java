package io.tokenpolicy.worker.policy;

import java.util.List;
import java.util.Optional;

/**
 * Restricts the token to the models it may call now <em>and</em> the requested ones, so a
 * narrowing never widens. When nothing is left the token is disabled instead.
 */
public record NarrowModels(List<String> requested) implements TokenChange {

    public NarrowModels {
        requested = List.copyOf(requested);
    }

    @Override
    public boolean narrowsAccess() {
        return true;
    }

    /**
     * A narrowing that leaves nothing ends a security hold: the token stays disabled, since resolving the
     * incident must not reopen it with the model_limits the narrowing could not write.
     */
    @Override
    public boolean heldBySecurity(boolean held, TokenState before, TokenState after) {
        return held
                && after.status() == TokenStatus.DISABLED
                && before.modelLimits().narrow(requested).isPresent();
    }

    @Override
    public Decision applyTo(TokenState token) {
        Optional<ModelLimits> narrowed = token.modelLimits().narrow(requested);
        if (narrowed.isEmpty()) {
            return new Disable("no model is allowed both now and by the request; token disabled"
                            + " instead of writing an empty model whitelist")
                    .applyTo(token);
        }
        if (narrowed.get().equals(token.modelLimits())) {
            return new Decision.Apply(token, "model_limits already within the requested models");
        }
        return new Decision.Apply(token.withModelLimits(narrowed.get()), "model_limits narrowed");
    }
}
