package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.Decision;
import io.tokenpolicy.worker.policy.PolicyView;
import io.tokenpolicy.worker.policy.Revival;
import io.tokenpolicy.worker.policy.TokenChange;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenPolicy;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The events of one token applied together: each event's decision is taken on the state
 * the events before it left, so the outcomes read as if each had been written on its own.
 */
final class CoalescedRun {

    private final List<TokenEvent> events;
    private final Instant receivedAt;
    private final Clock clock;
    private final List<RunOutcomes.Decided> decided = new ArrayList<>();
    private TokenPolicy policy;
    private TokenState stored;
    private PreviousAttempt previous;
    private TokenState finalState;
    private TokenState written;
    private FactsOfARun facts;
    private boolean passedDisabled;
    private boolean fieldsWritten;

    CoalescedRun(List<TokenEvent> events, Instant receivedAt, Clock clock) {
        this.events = events;
        this.receivedAt = receivedAt;
        this.clock = clock;
    }

    void decide(TokenPolicy policy, TokenState stored, PreviousAttempt previous, SecurityFacts facts) {
        this.policy = policy;
        this.stored = stored;
        this.previous = previous;
        this.facts = new FactsOfARun(facts);
        decideAll(null);
    }

    /**
     * Decides again, as {@link StatusOnly} says, for a token whose fields cannot be written for the reason
     * {@code why}: only its status will be.
     */
    void decideStatusOnly(String why) {
        decided.clear();
        facts.restart();
        decideAll(why);
    }

    /**
     * Decides each event on the state the events before it left. A re-enable of a stopped token is decided on the
     * batch's last state, the one written: when the gateway would refuse to switch that on (a refund took the quota
     * the top-up before it raised, a later event set a past expiry), the events are decided again with the token
     * kept stopped. Asking anyway would end in the refusal after the batch's fields had landed, and its events
     * would be reported REJECTED, to be replayed over a write that landed.
     */
    private void decideAll(String unwritable) {
        Instant now = clock.instant();
        decideAll(unwritable, now, null);
        if (finalState.status() != stored.status()) {
            Optional<String> refusal = Revival.gatewayRefusal(finalState.withStatus(stored.status()), now);
            if (refusal.isPresent()) {
                decided.clear();
                facts.restart();
                decideAll(unwritable, now, refusal.get());
            }
        }
        settleFacts(unwritable == null);
    }

    /**
     * What the run writes, and the facts it leaves: with its fields written, the narrowings that waited are written
     * too (a token they alone kept disabled is re-enabled); with only its status, the narrowings wait on.
     */
    private void settleFacts(boolean withFields) {
        fieldsWritten = withFields;
        if (withFields && facts.now().pending() && !decided.isEmpty()) {
            if (facts.reEnablesOnWrite(finalState)) {
                finalState = finalState.withStatus(TokenStatus.ENABLED);
            }
            carryPendingWrite(decided.size() - 1);
        }
        written = withFields ? finalState : stored.withStatus(finalState.status());
        facts.written(lastEventKey(), written, finalState, withFields);
    }

    /** The run's last event reports the narrowings its write carries, which events before the run asked for. */
    private void carryPendingWrite(int last) {
        RunOutcomes.Decided event = decided.get(last);
        List<FieldChange> changes = new ArrayList<>(event.changes());
        changes.addAll(TokenChanges.between(stored, facts.now().withPending(stored)));
        if (finalState.status() != stored.status()) {
            changes.add(new FieldChange(
                    "status", stored.status().code(), finalState.status().code()));
        }
        String reason = event.result() == Result.APPLIED ? event.reason() + "; " : "";
        decided.set(
                last,
                new RunOutcomes.Decided(
                        event.event(),
                        Result.APPLIED,
                        reason + "the narrowing an earlier event could not write is written with it"
                                + (finalState.status() == TokenStatus.ENABLED && stored.status() != TokenStatus.ENABLED
                                        ? ", and the token it kept disabled is re-enabled"
                                        : ""),
                        changes,
                        event.movesQuota(),
                        event.relativeQuota()));
    }

    private String lastEventKey() {
        return events.get(events.size() - 1).envelope().idempotencyKey();
    }

    private void decideAll(String unwritable, Instant now, String keepStopped) {
        TokenState state = facts.stored().withPending(previous.decidedFrom(stored));
        passedDisabled = false;
        for (TokenEvent event : events) {
            String id = event.envelope().idempotencyKey();
            if (previous.unexplained(id)) {
                decided.add(new RunOutcomes.Decided(
                        event, Result.REJECTED, previous.unexplainedReason(), List.of(), false, false));
                continue;
            }
            boolean landed = previous.landed(id);
            TokenChange change = policy.changeFor(event, now);
            if (landed) {
                change = change.afterQuotaLanded();
            }
            Decision asDecided = policy.decide(change, state, facts.now().held());
            if (keepStopped != null
                    && asDecided instanceof Decision.Apply revived
                    && Revival.revives(state, revived.after())) {
                asDecided = Revival.keptStopped(state, revived, keepStopped);
            }
            Decision decision = unwritable == null ? asDecided : StatusOnly.of(change, asDecided, state, unwritable);
            if (decision instanceof Decision.Apply apply) {
                boolean disabledInstead = apply != asDecided && disabledInstead(state, apply);
                boolean narrowingWaits = unwritable != null && !TokenWriter.sameFields(stored, state);
                decision = facts.decide(id, change, state, apply, narrowingWaits);
                if (disabledInstead) {
                    facts.pendingStopBy(id);
                }
            }
            if (decision instanceof Decision.Apply apply
                    && (landed || !apply.after().equals(state))) {
                boolean movesQuota = !landed && apply.after().remainQuota() != state.remainQuota();
                decided.add(new RunOutcomes.Decided(
                        event,
                        Result.APPLIED,
                        apply.reason(),
                        unwritable == null
                                ? TokenChanges.between(state, apply.after())
                                : TokenChanges.between(
                                        stored.withStatus(state.status()),
                                        stored.withStatus(apply.after().status())),
                        movesQuota,
                        movesQuota && change.relativeQuota()));
                state = apply.after();
                passedDisabled |= state.status() == TokenStatus.DISABLED;
            } else {
                Result result = decision instanceof Decision.Apply ? Result.NO_CHANGE : Result.REJECTED;
                decided.add(new RunOutcomes.Decided(event, result, decision.reason(), List.of(), false, false));
            }
        }
        finalState = state;
    }

    /** Whether {@link StatusOnly} disabled an enabled token instead of writing its narrowing. */
    private static boolean disabledInstead(TokenState before, Decision.Apply statusOnly) {
        return before.status() == TokenStatus.ENABLED && statusOnly.after().status() == TokenStatus.DISABLED;
    }

    /** The token's facts once the run is written. */
    SecurityFacts facts() {
        return facts.now();
    }

    /** The policy's view of the token once the run is written ({@link ViewOfARun}). */
    PolicyView view(PolicyView before, StoredToken read, boolean quotaLanded) {
        return ViewOfARun.of(before, decided, read, written, facts.now(), quotaLanded);
    }

    /** The event whose outcome carries the token's view. */
    String viewCarriedBy() {
        return ViewOfARun.carriedBy(decided);
    }

    /** The run's first event that changed the token's facts, whose outcome carries them; null when none did. */
    String factsChangedBy() {
        return facts.changedBy();
    }

    /** The token as the run writes it: the last state, or only its status when its fields cannot be written. */
    TokenState written() {
        return written;
    }

    /**
     * Whether the run switches on a token the gateway stopped (expired, exhausted) by way of a disable, as an incident
     * and its resolution do, on a token the gateway would not switch on directly: written event by event, the disable
     * would have come first, and the gateway lets a disabled token be switched on.
     */
    boolean switchesOnThroughDisabled(Instant now) {
        return passedDisabled
                && written.status() == TokenStatus.ENABLED
                && Revival.gatewayRefusal(written.withStatus(stored.status()), now)
                        .isPresent();
    }

    /**
     * The events (their idempotency keys) whose quota change the coming write carries. All of them, absolute
     * ones too, go into an intent, so that after a restart a reset is not written again over a top-up that landed.
     */
    List<String> quotaWritingEventIds() {
        return decided.stream()
                .filter(d -> d.movesQuota())
                .map(d -> d.event().envelope().idempotencyKey())
                .toList();
    }

    /** The types of {@link #quotaWritingEventIds()}, in the same order. */
    List<String> quotaWritingEventTypes() {
        return decided.stream()
                .filter(d -> d.movesQuota())
                .map(d -> d.event().envelope().type())
                .toList();
    }

    /** The idempotency key of the run's last event that changed {@code unlimited_quota}, empty when none did. */
    String unlimitedChangedBy() {
        return decided.stream()
                .filter(d ->
                        d.changes().stream().anyMatch(change -> change.field().equals("unlimited_quota")))
                .map(d -> d.event().envelope().idempotencyKey())
                .reduce((earlier, later) -> later)
                .orElse("");
    }

    TokenState finalState() {
        return finalState;
    }

    /** The outcomes of a written run whose answers showed the gateway wrote {@code differs} otherwise than intended. */
    List<Outcome> outcomes(GatewayCalls calls, List<FieldChange> differs) {
        return outcomes().all(calls, differs);
    }

    /** A dry run's outcomes: what would have been APPLIED is PLANNED, and says which writes it would take. */
    List<Outcome> planned(GatewayCalls calls, List<String> writes) {
        return outcomes().planned(calls, writes);
    }

    /** When reading or writing failed: events that needed the write get {@code result}; the others keep theirs. */
    List<Outcome> failWrites(Result result, String reason, GatewayCalls calls) {
        return outcomes().failWrites(result, reason, calls);
    }

    List<Outcome> rejectAll(String reason, GatewayCalls calls) {
        return outcomes().rejectAll(reason, calls);
    }

    private RunOutcomes outcomes() {
        return new RunOutcomes(events, decided, receivedAt, clock);
    }
}
