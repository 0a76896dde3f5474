package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

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

    List<Outcome> all(GatewayCalls calls) {
        return decided.stream()
                .map(d -> outcome(d.event(), d.result(), d.reason(), d.changes(), calls))
                .toList();
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
