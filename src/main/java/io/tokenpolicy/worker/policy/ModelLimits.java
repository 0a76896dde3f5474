package io.tokenpolicy.worker.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A token's model whitelist: when {@code enabled}, only the listed models may be called
 * (enabled with no models forbids every model); when not, every model may, and the list is
 * kept as stored. Names are kept exactly as the gateway compares them (a stored {@code " b"} is not
 * {@code "b"}, so trimming it would widen the list); blank ones, which match no model, are dropped,
 * duplicates removed, order kept.
 */
public record ModelLimits(boolean enabled, List<String> models) {

    /** No whitelist: every model allowed. */
    public static final ModelLimits NONE = new ModelLimits(false, List.of());

    public ModelLimits {
        Objects.requireNonNull(models, "models");
        models = clean(models);
    }

    /** A whitelist of exactly these models. */
    public static ModelLimits only(List<String> models) {
        return new ModelLimits(true, models);
    }

    /** The models both admit, or empty when they admit none in common (which must not be written as "no limit"). */
    public Optional<ModelLimits> narrow(List<String> requested) {
        List<String> wanted = clean(requested);
        if (!enabled) {
            return wanted.isEmpty() ? Optional.empty() : Optional.of(only(wanted));
        }
        List<String> common = models.stream().filter(wanted::contains).toList();
        return common.isEmpty() ? Optional.empty() : Optional.of(only(common));
    }

    private static List<String> clean(List<String> names) {
        LinkedHashSet<String> cleaned = new LinkedHashSet<>();
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                cleaned.add(name);
            }
        }
        return List.copyOf(new ArrayList<>(cleaned));
    }
}
