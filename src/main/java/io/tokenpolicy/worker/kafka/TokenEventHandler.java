package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.apply.TokenEventApplier;
import io.tokenpolicy.worker.policy.TokenEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the waiting records of one record key (one token) to their outcomes: reads them,
 * applies the valid events together, parks unreadable and failed records on the dead-letter
 * topic, and publishes one outcome per record. A record counts as finished once its outcome
 * is on the broker.
 */
final class TokenEventHandler {

    private static final Logger log = LoggerFactory.getLogger(TokenEventHandler.class);

    private final TokenEventReader reader;
    private final TokenEventApplier applier;
    private final OutcomePublisher outcomes;
    private final DeadLetterPublisher deadLetters;
    private final Deliveries deliveries;
    private final Clock clock;

    TokenEventHandler(TokenEventReader reader, TokenEventApplier applier, OutcomePublisher outcomes,
                      DeadLetterPublisher deadLetters, Deliveries deliveries, Clock clock) {
        this.reader = reader;
        this.applier = applier;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    void handle(List<ConsumerRecord<byte[], byte[]>> records, Consumer<ConsumerRecord<byte[], byte[]>> finished) {
        Instant receivedAt = clock.instant();
        List<ReadResult> reads = records.stream().map(reader::read).toList();
        List<Outcome> outcomesInOrder = outcomesOf(reads, receivedAt);
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            boolean park = reads.get(i) instanceof ReadResult.Unreadable || outcomesInOrder.get(i).result() == Result.FAILED;
            publish(record, outcomesInOrder.get(i), park).thenRun(() -> finished.accept(record));
        }
    }

    private List<Outcome> outcomesOf(List<ReadResult> reads, Instant receivedAt) {
        List<TokenEvent> events = reads.stream()
                .filter(ReadResult.Readable.class::isInstance)
                .map(read -> ((ReadResult.Readable) read).event())
                .toList();
        List<Outcome> applied = events.isEmpty() ? List.of() : applySafely(events, receivedAt);
        List<Outcome> outcomes = new ArrayList<>(reads.size());
        int next = 0;
        for (ReadResult read : reads) {
            outcomes.add(read instanceof ReadResult.Readable ? applied.get(next++) : rejected(read, receivedAt));
        }
        return outcomes;
    }

    private List<Outcome> applySafely(List<TokenEvent> events, Instant receivedAt) {
        try {
            return applier.applyAll(events, receivedAt);
        } catch (RuntimeException bug) {
            log.error("events of token {} could not be applied", events.get(0).envelope().tokenId(), bug);
            return events.stream().map(event -> failed(event, bug, receivedAt)).toList();
        }
    }

    private Outcome rejected(ReadResult read, Instant receivedAt) {
        if (read instanceof ReadResult.Invalid invalid) {
            return Outcome.rejected(invalid.identity(), invalid.reason(), receivedAt, clock.instant());
        }
        ReadResult.Unreadable unreadable = (ReadResult.Unreadable) read;
        return Outcome.rejected(unreadable.identity(), unreadable.reason(), receivedAt, clock.instant());
    }

    private Outcome failed(TokenEvent event, RuntimeException bug, Instant receivedAt) {
        EventIdentity identity = EventIdentity.of(event.envelope());
        return new Outcome(identity.eventId(), identity.eventType(), identity.tokenId(), identity.userId(),
                Result.FAILED, "internal error: " + bug.getClass().getSimpleName(), List.of(), 0, 0, 1,
                receivedAt, clock.instant());
    }

    private CompletableFuture<Void> publish(ConsumerRecord<byte[], byte[]> record,
                                                                 Outcome outcome, boolean park) {
        log.info("event {} of type {} for token {}: {} ({})", outcome.eventId(), outcome.eventType(),
                outcome.tokenId(), outcome.result(), outcome.reason());
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        CompletableFuture<Void> parked = park
                ? deliveries.deliver("dead letter of " + where,
                        () -> deadLetters.park(record, outcome.reason(), Math.max(1, outcome.attempts())))
                : CompletableFuture.completedFuture(null);
        return parked.thenCompose(ignored -> deliveries.deliver("outcome of " + where,
                () -> outcomes.publish(outcome, record.key())));
    }
}
