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
        return applyTo(token, false);
    }

    @Override
    public Decision applyTo(TokenState token, boolean heldBySecurity) {
        TokenState state = token;
        List<String> reasons = new ArrayList<>();
        for (TokenChange change : changes) {
            Decision decision = change.applyTo(state, heldBySecurity);
            if (decision instanceof Decision.Refuse) {
                return decision;
            }
            state = ((Decision.Apply) decision).after();
            reasons.add(decision.reason());
        }
        return new Decision.Apply(state, String.join("; ", reasons));
    }

    @Override
    public boolean heldBySecurity(boolean held, TokenState before, TokenState after) {
        boolean holds = held;
        for (TokenChange change : changes) {
            holds = change.heldBySecurity(holds, before, after);
        }
        return holds;
    }

    @Override
    public TokenChange afterQuotaLanded() {
        return new CombinedChange(
                changes.stream().map(TokenChange::afterQuotaLanded).toList());
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
