package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.events.RecordKey;
import io.tokenpolicy.worker.ledger.Triage;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.text.Printable;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The outcome of each record: the applier's for a new event, and the worker's own for the rest, which never
 * reach the gateway: a DUPLICATE of an event processed before, a REJECTED record that is not a valid event, a
 * record a dry run would forward (PLANNED), and a FAILED one when handling it failed unexpectedly.
 */
public final class RecordOutcomes {

    private final Clock clock;

    RecordOutcomes(Clock clock) {
        this.clock = clock;
    }

    /** The outcome of a sorted record that is not a redelivery; {@code applied} gives the new events' in order. */
    Outcome of(Triage.Sorted sorted, Iterator<Outcome> applied, Instant receivedAt) {
        return switch (sorted.kind()) {
            case NEW -> applied.next();
            case DUPLICATE -> duplicate(sorted, receivedAt);
            default -> rejected(sorted.read(), receivedAt, clock.instant());
        };
    }

    private Outcome duplicate(Triage.Sorted sorted, Instant receivedAt) {
        TokenEvent event = ((ReadResult.Readable) sorted.read()).event();
        EventIdentity identity = EventIdentity.of(event.envelope());
        String reason = sorted.earlier()
                .map(done ->
                        "event (source and id) already processed (offset " + done.offset() + ", " + done.at() + ")")
                .orElse("event (source and id) appears twice in a row; processed once");
        return Outcome.withoutCalls(identity, Result.DUPLICATE, reason, receivedAt, clock.instant());
    }

    /** What a dry run answers at once for a record found on another partition than its token's own. */
    Outcome wouldForward(ConsumerRecord<byte[], byte[]> record, int own, ReadResult read, Instant receivedAt) {
        return read instanceof ReadResult.Readable
                ? Outcome.withoutCalls(
                        read.identity(), Result.PLANNED, forwardingReason(record, own), receivedAt, clock.instant())
                : rejected(read, receivedAt, clock.instant());
    }

    private static String forwardingReason(ConsumerRecord<byte[], byte[]> record, int own) {
        return "found on partition " + record.partition() + ", not on its token's partition " + own
                + " (murmur2 of the record key): the worker forwards it there and applies it in its token's order";
    }

    /** The outcome of a record whose batch failed unexpectedly, known by its record key alone. */
    static Outcome failed(ConsumerRecord<byte[], byte[]> record, RuntimeException cause, Instant at) {
        EventIdentity unknown = new EventIdentity(null, null, null, RecordKey.tokenId(record.key()), null);
        return Outcome.withoutCalls(
                unknown, Result.FAILED, "internal error: " + cause.getClass().getSimpleName(), at, at);
    }

    /** The outcome of a record that is not a valid event. */
    public static Outcome rejected(ReadResult read, Instant receivedAt, Instant completedAt) {
        return Outcome.rejected(read.identity(), ((ReadResult.Refused) read).reason(), receivedAt, completedAt);
    }

    /** The outcome of an event whose applying failed unexpectedly. */
    public static Outcome failed(TokenEvent event, RuntimeException cause, Instant receivedAt, Instant completedAt) {
        EventIdentity identity = EventIdentity.of(event.envelope());
        String reason = "internal error: "
                + (cause.getMessage() == null
                        ? cause.getClass().getSimpleName()
                        : Printable.of(cause.getMessage(), 300));
        return Outcome.withoutCalls(identity, Result.FAILED, reason, receivedAt, completedAt);
    }
}
