package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.FieldSpec;
import io.tokenpolicy.worker.policy.RefuseChange;
import io.tokenpolicy.worker.policy.TokenChange;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An action of a rule with its arguments bound to data fields or fixed values, checked at start-up. */
record BoundAction(ActionType type, Map<String, Binding> args) {

    BoundAction {
        args = Map.copyOf(args);
    }

    /** The change for this event; empty when a field it binds is absent (the action does not apply). */
    Optional<TokenChange> change(ActionContext context) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, Binding> arg : args.entrySet()) {
            Optional<Object> value = arg.getValue().valueIn(context.data());
            if (value.isEmpty()) {
                return Optional.empty();
            }
            FieldSpec spec = type.params().get(arg.getKey());
            String problem = spec.problemWith(value.get());
            if (problem != null) {
                return Optional.of(refusal(context, arg.getKey() + " " + problem));
            }
            values.put(arg.getKey(), value.get());
        }
        try {
            return Optional.of(type.change(values, context));
        } catch (IllegalArgumentException invalid) {
            return Optional.of(refusal(context, invalid.getMessage()));
        }
    }

    private RefuseChange refusal(ActionContext context, String problem) {
        return new RefuseChange("rule " + context.rule() + ", action " + type.wireName() + ": " + problem);
    }
}
