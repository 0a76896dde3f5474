package io.tokenpolicy.worker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restricts the token to the models it may call now <em>and</em> the requested ones, so a
 * narrowing never widens. When nothing is left the token is disabled instead; the applier remembers the
 * restriction, keeps the token off (a security hold included) until a write of model_limits leaves it a model
 * the restriction admits, and keeps every later write of model_limits within it (docs/design.md).
 */
public record NarrowModels(List<String> requested) implements TokenChange {

    public NarrowModels {
        requested = List.copyOf(requested);
    }

    @Override
    public boolean narrowsAccess() {
        return true;
    }

    @Override
    public List<List<String>> modelRestrictions(List<List<String>> before) {
        if (before.contains(requested)) {
            return before;
        }
        List<List<String>> restrictions = new ArrayList<>(before);
        restrictions.add(requested);
        return List.copyOf(restrictions);
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
