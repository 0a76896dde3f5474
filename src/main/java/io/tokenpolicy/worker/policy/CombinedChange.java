package io.tokenpolicy.worker.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Several changes of one event (a plan change sets group, models and expiry), applied in turn;
 * if any is refused, the event changes nothing.
 */
public record CombinedChange(List<TokenChange> changes) implements TokenChange {

    public CombinedChange {
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a combined change needs at least one change");
        }
    }

    @Override
    public Decision applyTo(TokenState token) {
        TokenState state = token;
        List<String> reasons = new ArrayList<>();
        for (TokenChange change : changes) {
            Decision decision = change.applyTo(state);
            if (decision instanceof Decision.Refuse) {
                return decision;
            }
            state = ((Decision.Apply) decision).after();
            reasons.add(decision.reason());
        }
        return new Decision.Apply(state, String.join("; ", reasons));
    }

    @Override
    public TokenChange afterQuotaLanded() {
        return new CombinedChange(changes.stream().map(TokenChange::afterQuotaLanded).toList());
    }

    @Override
    public boolean relativeQuota() {
        return changes.stream().anyMatch(TokenChange::relativeQuota);
    }

    @Override
    public boolean narrowsAccess() {
        return changes.stream().anyMatch(TokenChange::narrowsAccess);
    }
}
