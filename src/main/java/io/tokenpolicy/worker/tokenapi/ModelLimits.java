package io.tokenpolicy.worker.tokenapi;

import java.util.List;
import java.util.Objects;

/**
 * A token's model whitelist as the gateway applies it: {@code models} only counts when
 * {@code enabled}, and enabled with no models forbids every model.
 */
record ModelLimits(boolean enabled, List<String> models) {

    ModelLimits {
        models = List.copyOf(Objects.requireNonNull(models, "models"));
    }
}
