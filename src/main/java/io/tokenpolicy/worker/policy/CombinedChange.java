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

    /** Each change decides on the token and the hold as the changes before it left them. */
    @Override
    public Decision applyTo(TokenState token, boolean heldBySecurity) {
        TokenState state = token;
        boolean held = heldBySecurity;
        List<String> reasons = new ArrayList<>();
        for (TokenChange change : changes) {
            Decision decision = change.applyTo(state, held);
            if (decision instanceof Decision.Refuse) {
                return decision;
            }
            TokenState after = ((Decision.Apply) decision).after();
            held = change.heldBySecurity(held, state, after);
            state = after;
            reasons.add(decision.reason());
        }
        return new Decision.Apply(state, String.join("; ", reasons));
    }

    /** The hold as the changes leave it, each judged on the state the one before it left ({@code after} is theirs). */
    @Override
    public boolean heldBySecurity(boolean held, TokenState before, TokenState after) {
        TokenState state = before;
        boolean holds = held;
        for (TokenChange change : changes) {
            if (!(change.applyTo(state, holds) instanceof Decision.Apply apply)) {
                return holds;
            }
            holds = change.heldBySecurity(holds, state, apply.after());
            state = apply.after();
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
    public boolean disablesForSecurity() {
        return changes.stream().anyMatch(TokenChange::disablesForSecurity);
    }

    @Override
    public boolean disablesForAnotherReason() {
        return changes.stream().anyMatch(TokenChange::disablesForAnotherReason);
    }

    @Override
    public List<List<String>> modelRestrictions(List<List<String>> before) {
        List<List<String>> restrictions = before;
        for (TokenChange change : changes) {
            restrictions = change.modelRestrictions(restrictions);
        }
        return restrictions;
    }

    @Override
    public boolean narrowsAccess() {
        return changes.stream().anyMatch(TokenChange::narrowsAccess);
    }
}
