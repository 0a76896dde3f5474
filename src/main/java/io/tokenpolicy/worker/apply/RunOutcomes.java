package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The outcomes of a {@link CoalescedRun}'s events, one each, from what was decided for them. */
final class RunOutcomes {

    private final List<TokenEvent> events;
    private final List<Decided> decided;
    private final Instant receivedAt;
    private final Clock clock;

    RunOutcomes(List<TokenEvent> events, List<Decided> decided, Instant receivedAt, Clock clock) {
        this.events = events;
        this.decided = decided;
        this.receivedAt = receivedAt;
        this.clock = clock;
    }

    /**
     * The outcomes of a written run. Where the gateway's answers showed it wrote a field otherwise than intended
     * ({@code differs}: intended as {@code before}, written as {@code after}), the changes of the events that changed
     * that field say what the gateway wrote, and those events carry the differences; when none of them changed it (a
     * fork switched the token on by itself), the run's last applied event carries them.
     */
    List<Outcome> all(GatewayCalls calls, List<FieldChange> differs) {
        Map<String, FieldChange> byField = new HashMap<>();
        differs.forEach(difference -> byField.put(difference.field(), difference));
        int carrier = lastToCarry(byField);
        List<Outcome> outcomes = new ArrayList<>(decided.size());
        for (int i = 0; i < decided.size(); i++) {
            Decided d = decided.get(i);
            boolean touches = d.changes().stream().anyMatch(change -> byField.containsKey(change.field()));
            List<FieldChange> changes = d.changes().stream()
                    .map(change -> byField.containsKey(change.field())
                            ? new FieldChange(
                                    change.field(),
                                    change.before(),
                                    byField.get(change.field()).after())
                            : change)
                    .toList();
            Outcome outcome = outcome(d.event(), d.result(), d.reason(), changes, calls);
            outcomes.add(touches || i == carrier ? outcome.withGatewayDiffers(differs) : outcome);
        }
        return outcomes;
    }

    /** The run's last applied event when no event changed a field the gateway wrote otherwise; -1 when none need it. */
    private int lastToCarry(Map<String, FieldChange> differs) {
        if (differs.isEmpty()) {
            return -1;
        }
        boolean touched = decided.stream()
                .flatMap(d -> d.changes().stream())
                .anyMatch(change -> differs.containsKey(change.field()));
        if (touched) {
            return -1;
        }
        for (int i = decided.size() - 1; i >= 0; i--) {
            if (decided.get(i).result() == Result.APPLIED) {
                return i;
            }
        }
        return decided.size() - 1;
    }

    /** A dry run's outcomes: what would have been APPLIED is PLANNED, and says which writes it would take. */
    List<Outcome> planned(GatewayCalls calls, List<String> writes) {
        String planned = writes.isEmpty()
                ? "; nothing to write once all events are applied"
                : "; would write: " + String.join(", then ", writes);
        return decided.stream()
                .map(d -> d.result() == Result.APPLIED
                        ? outcome(d.event(), Result.PLANNED, d.reason() + planned, d.changes(), calls)
                        : outcome(d.event(), d.result(), d.reason(), d.changes(), calls))
                .toList();
    }

    /** When reading or writing failed: events that needed the write get {@code result}; the others keep theirs. */
    List<Outcome> failWrites(Result result, String reason, GatewayCalls calls) {
        if (decided.isEmpty()) {
            return events.stream()
                    .map(event -> outcome(event, result, reason, List.of(), calls))
                    .toList();
        }
        return decided.stream()
                .map(d -> d.result() == Result.APPLIED
                        ? outcome(d.event(), result, reason, List.of(), calls)
                        : outcome(d.event(), d.result(), d.reason(), d.changes(), calls))
                .toList();
    }

    List<Outcome> rejectAll(String reason, GatewayCalls calls) {
        return events.stream()
                .map(event -> outcome(event, Result.REJECTED, reason, List.of(), calls))
                .toList();
    }

    private Outcome outcome(
            TokenEvent event, Result result, String reason, List<FieldChange> changes, GatewayCalls calls) {
        return Outcome.of(
                EventIdentity.of(event.envelope()),
                result,
                reason,
                changes,
                calls.calls(),
                calls.attempts(),
                events.size(),
                receivedAt,
                clock.instant());
    }

    /** What was decided for one event of the run. */
    record Decided(
            TokenEvent event,
            Result result,
            String reason,
            List<FieldChange> changes,
            boolean movesQuota,
            boolean relativeQuota) {}
}
