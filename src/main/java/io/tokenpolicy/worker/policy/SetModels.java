package io.tokenpolicy.worker.policy;

import java.util.List;

/** Sets the model whitelist to exactly these models (a plan change); it may widen, so security rules narrow instead. */
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
