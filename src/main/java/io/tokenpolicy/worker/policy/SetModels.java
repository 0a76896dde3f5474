package io.tokenpolicy.worker.policy;

import java.util.List;

/**
 * Sets the model whitelist to these models (a plan change); it may widen what the plan before allowed, but never past
 * a security model restriction: the applier writes only the models the restriction admits too (docs/design.md).
 */
public record SetModels(List<String> models) implements TokenChange {

    public SetModels {
        models = List.copyOf(models);
        if (ModelLimits.only(models).models().isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model");
        }
    }

    @Override
    public Decision applyTo(TokenState token) {
        return new Decision.Apply(token.withModelLimits(ModelLimits.only(models)), "model_limits set");
    }
}
