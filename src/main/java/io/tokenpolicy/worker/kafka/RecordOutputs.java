package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.TokenEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each record of a batch publishes: one outcome (none for a record processed before a
 * restart, which already has one), a dead letter when it is unreadable, FAILED or refused by the
 * gateway, a ledger entry when its event took effect, and, with the batch's last record, what
 * the batch settled of earlier intents: their closing, and the late outcomes of events reported
 * without effect whose write is now told. A dry run publishes outcomes only: a ledger entry would
 * make the real run skip the event, and a dead letter would be replayed into it.
 */
final class RecordOutputs {

    private static final Logger log = LoggerFactory.getLogger(RecordOutputs.class);

    private final String outcomesTopic;
    private final String ledgerTopic;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final boolean dryRun;

    RecordOutputs(String outcomesTopic, String ledgerTopic, DeadLetters deadLetters, Clock clock,
                  WorkerMetrics metrics, boolean dryRun) {
        this.dryRun = dryRun;
        this.outcomesTopic = outcomesTopic;
        this.ledgerTopic = ledgerTopic;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.metrics = metrics;
    }

    List<Finished> of(Triage triage, List<Outcome> applied, PartitionLedger ledger, KafkaIntentLog intents,
                      Instant receivedAt) {
        Iterator<Outcome> appliedInOrder = applied.iterator();
        List<Finished> finished = new ArrayList<>();
        for (Triage.Sorted sorted : triage.sorted()) {
            if (sorted.kind() == Triage.Kind.REDELIVERED) {
                metrics.duplicateSuppressed("redelivered");
                finished.add(new Finished(sorted.record(), List.of()));
                continue;
            }
            Outcome outcome = outcomeOf(sorted, appliedInOrder, receivedAt);
            finished.add(new Finished(sorted.record(), outputs(sorted, outcome, ledger)));
        }
        if (dryRun) {
            return finished;
        }
        ConsumerRecord<byte[], byte[]> last = finished.get(finished.size() - 1).record();
        List<ProducerRecord<byte[], byte[]>> batchOutputs = lateOutputs(intents.lateOutcomes(clock.instant()), last, ledger);
        Set<String> withoutEffect = applied.stream()
                .filter(o -> o.result() == Result.FAILED || o.result() == Result.REJECTED)
                .map(Outcome::eventId).collect(Collectors.toSet());
        batchOutputs.addAll(intents.outputs(withoutEffect));
        return withLast(finished, batchOutputs);
    }

    /**
     * The late outcomes of events reported without effect whose write this batch found landed (or could not
     * tell), with a {@code done} entry for each that took effect, so that replaying it is a DUPLICATE.
     */
    private List<ProducerRecord<byte[], byte[]>> lateOutputs(List<Outcome> late, ConsumerRecord<byte[], byte[]> last,
                                                             PartitionLedger ledger) {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        for (Outcome outcome : late) {
            log(outcome);
            metrics.event(outcome.eventType(), outcome.result().name(), outcome.batchSize());
            outputs.add(new ProducerRecord<>(outcomesTopic, outcome.tokenId().toString().getBytes(StandardCharsets.UTF_8),
                    OutcomeJson.of(outcome)));
            if (tookEffect(outcome)) {
                outputs.add(done(ledger, outcome.eventId(), last));
            }
        }
        return outputs;
    }

    private Outcome outcomeOf(Triage.Sorted sorted, Iterator<Outcome> applied, Instant receivedAt) {
        Outcome outcome = switch (sorted.kind()) {
            case NEW -> applied.next();
            case DUPLICATE -> duplicate(sorted, receivedAt);
            default -> notAnEvent(sorted.read(), receivedAt);
        };
        log(outcome);
        metrics.event(outcome.eventType(), outcome.result().name(), outcome.batchSize());
        if (outcome.result() == Result.DUPLICATE) {
            metrics.duplicateSuppressed("repeated_id");
        }
        return outcome;
    }

    /**
     * Every event at debug; rejected and failed ones at info, since someone should look at them. The
     * logging context is set to the outcome's event only when the line is logged.
     */
    private static void log(Outcome outcome) {
        boolean notable = outcome.result() == Result.REJECTED || outcome.result() == Result.FAILED;
        if (notable ? log.isInfoEnabled() : log.isDebugEnabled()) {
            String line = "event {} of type {} for token {}: {} ({})";
            Object[] values = {outcome.eventId(), outcome.eventType(), outcome.tokenId(), outcome.result(), outcome.reason()};
            EventMdc.around(outcome, () -> {
                if (notable) {
                    log.info(line, values);
                } else {
                    log.debug(line, values);
                }
            });
        }
    }

    private List<ProducerRecord<byte[], byte[]>> outputs(Triage.Sorted sorted, Outcome outcome, PartitionLedger ledger) {
        ConsumerRecord<byte[], byte[]> record = sorted.record();
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(3);
        if (!dryRun) {
            DeadLetters.Cause.of(sorted.read(), outcome).ifPresent(cause -> {
                metrics.deadLetter(cause.tag());
                outputs.add(deadLetters.parked(record, outcome, cause));
            });
        }
        byte[] key = outcome.tokenId() == null ? RecordKey.bounded(record.key()) : outcome.tokenId().toString().getBytes(StandardCharsets.UTF_8);
        outputs.add(new ProducerRecord<>(outcomesTopic, key, OutcomeJson.of(outcome)));
        if (sorted.kind() == Triage.Kind.NEW && tookEffect(outcome) && !dryRun) {
            outputs.add(done(ledger, outcome.eventId(), record));
        }
        return outputs;
    }

    /** The {@code done} entry of an event that took effect, written with (and at the offset of) {@code record}. */
    private ProducerRecord<byte[], byte[]> done(PartitionLedger ledger, String eventId,
                                                ConsumerRecord<byte[], byte[]> record) {
        Instant at = clock.instant();
        ledger.done(eventId, new PartitionLedger.Done(record.offset(), at));
        return LedgerRecords.done(ledgerTopic, record.partition(), eventId, record.offset(), at);
    }

    /** Ledger records about the whole batch travel with its last record, so they are published once all are. */
    private static List<Finished> withLast(List<Finished> finished, List<ProducerRecord<byte[], byte[]>> batchOutputs) {
        if (batchOutputs.isEmpty() || finished.isEmpty()) {
            return finished;
        }
        Finished last = finished.remove(finished.size() - 1);
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(last.outputs());
        outputs.addAll(batchOutputs);
        finished.add(new Finished(last.record(), outputs));
        return finished;
    }

    private static boolean tookEffect(Outcome outcome) {
        return outcome.result() == Result.APPLIED || outcome.result() == Result.NO_CHANGE;
    }

    private Outcome duplicate(Triage.Sorted sorted, Instant receivedAt) {
        TokenEvent event = ((ReadResult.Readable) sorted.read()).event();
        EventIdentity identity = EventIdentity.of(event.envelope());
        String reason = sorted.earlier()
                .map(done -> "event id already processed (offset " + done.offset() + ", " + done.at() + ")")
                .orElse("event id appears twice in a row; processed once");
        return Outcome.withoutCalls(identity, Result.DUPLICATE, reason, receivedAt, clock.instant());
    }

    private Outcome notAnEvent(ReadResult read, Instant receivedAt) {
        return rejected(read, receivedAt, clock.instant());
    }

    /** The outcome of a record that is not a valid event. */
    static Outcome rejected(ReadResult read, Instant receivedAt, Instant completedAt) {
        if (read instanceof ReadResult.Invalid invalid) {
            return Outcome.rejected(invalid.identity(), invalid.reason(), receivedAt, completedAt);
        }
        ReadResult.Unreadable unreadable = (ReadResult.Unreadable) read;
        return Outcome.rejected(unreadable.identity(), unreadable.reason(), receivedAt, completedAt);
    }

    /** When handling a batch failed unexpectedly: each record FAILED and parked, so the partition moves on. */
    List<Finished> failedAll(List<ConsumerRecord<byte[], byte[]>> records, RuntimeException cause, Instant at) {
        return records.stream().map(record -> {
            EventIdentity unknown = new EventIdentity(null, null, RecordKey.tokenId(record.key()), null);
            Outcome outcome = Outcome.withoutCalls(unknown, Result.FAILED,
                    "internal error: " + cause.getClass().getSimpleName(), at, at);
            metrics.event(null, Result.FAILED.name(), 1);
            List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(2);
            if (!dryRun) {
                metrics.deadLetter(DeadLetters.Cause.FAILED.tag());
                outputs.add(deadLetters.parked(record, outcome, DeadLetters.Cause.FAILED));
            }
            outputs.add(new ProducerRecord<>(outcomesTopic, RecordKey.bounded(record.key()), OutcomeJson.of(outcome)));
            return new Finished(record, outputs);
        }).toList();
    }

    static Outcome failed(TokenEvent event, RuntimeException cause, Instant receivedAt, Instant completedAt) {
        EventIdentity identity = EventIdentity.of(event.envelope());
        String reason = "internal error: " + (cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : Printable.of(cause.getMessage(), 300));
        return Outcome.withoutCalls(identity, Result.FAILED, reason, receivedAt, completedAt);
    }
}
