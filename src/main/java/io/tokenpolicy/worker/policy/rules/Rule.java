package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.CombinedChange;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.KeepToken;
import io.tokenpolicy.worker.policy.RefuseChange;
import io.tokenpolicy.worker.policy.TokenChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A checked rule: for events of {@code type} whose data meet every condition, these actions. */
record Rule(String name, String type, List<Condition> conditions, List<BoundAction> actions) {

    Rule {
        conditions = List.copyOf(conditions);
        actions = List.copyOf(actions);
    }

    boolean matches(String eventType, EventData data) {
        return type.equals(eventType) && conditions.stream().allMatch(condition -> condition.test(data));
    }

    TokenChange change(EventData data, Instant now) {
        ActionContext context = new ActionContext(name, type, data, now);
        List<TokenChange> changes = actions.stream()
                .map(action -> action.change(context))
                .flatMap(Optional::stream)
                .toList();
        Optional<TokenChange> refused =
                changes.stream().filter(RefuseChange.class::isInstance).findFirst();
        if (refused.isPresent()) {
            return refused.get();
        }
        if (changes.isEmpty()) {
            return new KeepToken("rule " + name + ": none of its actions' fields are in the event; no change");
        }
        return changes.size() == 1 ? changes.get(0) : new CombinedChange(changes);
    }
}
