package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.apply.TokenEventApplier;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one record of the events topic to its outcome: read it, apply it, park it on the
 * dead-letter topic if it is unreadable or failed for good, and publish the outcome.
 * Only a failure to publish escapes, so that the record is delivered again.
 */
final class TokenEventHandler {

    private static final Logger log = LoggerFactory.getLogger(TokenEventHandler.class);

    private final TokenEventReader reader;
    private final TokenEventApplier applier;
    private final OutcomePublisher outcomes;
    private final DeadLetterPublisher deadLetters;
    private final Clock clock;

    TokenEventHandler(TokenEventReader reader, TokenEventApplier applier, OutcomePublisher outcomes,
                      DeadLetterPublisher deadLetters, Clock clock) {
        this.reader = reader;
        this.applier = applier;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    void handle(ConsumerRecord<byte[], byte[]> record) {
        Instant receivedAt = clock.instant();
        ReadResult read = reader.read(record);
        Outcome outcome = outcomeOf(read, receivedAt);
        if (read instanceof ReadResult.Unreadable || outcome.result() == Result.FAILED) {
            deadLetters.park(record, outcome.reason(), Math.max(1, outcome.attempts()));
        }
        outcomes.publish(outcome, record.key());
        log.info("event {} of type {} for token {}: {} ({})", outcome.eventId(), outcome.eventType(),
                outcome.tokenId(), outcome.result(), outcome.reason());
    }

    private Outcome outcomeOf(ReadResult read, Instant receivedAt) {
        if (read instanceof ReadResult.Readable readable) {
            return applySafely(readable, receivedAt);
        }
        if (read instanceof ReadResult.Invalid invalid) {
            return Outcome.rejected(invalid.identity(), invalid.reason(), receivedAt, clock.instant());
        }
        ReadResult.Unreadable unreadable = (ReadResult.Unreadable) read;
        return Outcome.rejected(unreadable.identity(), unreadable.reason(), receivedAt, clock.instant());
    }

    private Outcome applySafely(ReadResult.Readable readable, Instant receivedAt) {
        try {
            return applier.apply(readable.event(), receivedAt);
        } catch (RuntimeException bug) {
            log.error("event {} could not be applied", readable.event().envelope().id(), bug);
            EventIdentity identity = EventIdentity.of(readable.event().envelope());
            return new Outcome(identity.eventId(), identity.eventType(), identity.tokenId(), identity.userId(),
                    Result.FAILED, "internal error: " + bug.getClass().getSimpleName(), List.of(), 0, 0,
                    receivedAt, clock.instant());
        }
    }
}
