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
 * restart, which already has one), a dead letter when it is unreadable or FAILED, a ledger
 * entry when its event took effect (and when it started or ended a token's security hold),
 * and the closing of the intents its batch settled. A dry run publishes outcomes only: a
 * ledger entry would make the real run skip the event, and a dead letter would be replayed
 * into it.
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
                      KafkaSecurityHolds holds, Instant receivedAt) {
        Iterator<Outcome> appliedInOrder = applied.iterator();
        List<Finished> finished = new ArrayList<>();
        Set<String> failed = applied.stream().filter(o -> o.result() == Result.FAILED).map(Outcome::eventId)
                .collect(Collectors.toSet());
        for (Triage.Sorted sorted : triage.sorted()) {
            if (sorted.kind() == Triage.Kind.REDELIVERED) {
                metrics.duplicateSuppressed("redelivered");
                finished.add(new Finished(sorted.record(), List.of()));
                continue;
            }
            Outcome outcome = outcomeOf(sorted, appliedInOrder, receivedAt);
            List<ProducerRecord<byte[], byte[]>> outputs = outputs(sorted, outcome, ledger);
            if (sorted.kind() == Triage.Kind.NEW && !dryRun) {
                outputs.addAll(holds.outputsOf(outcome.eventId()));
            }
            finished.add(new Finished(sorted.record(), outputs));
        }
        return dryRun ? finished : withLast(finished, intents.outputs(failed));
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
        boolean parked = sorted.read() instanceof ReadResult.Unreadable || outcome.result() == Result.FAILED;
        if (parked && !dryRun) {
            metrics.deadLetter(outcome.result() == Result.FAILED ? "failed" : "unreadable");
            outputs.add(deadLetters.parked(record, outcome.result(), outcome.reason(), Math.max(1, outcome.attempts())));
        }
        byte[] key = outcome.tokenId() == null ? RecordKey.bounded(record.key()) : outcome.tokenId().toString().getBytes(StandardCharsets.UTF_8);
        outputs.add(new ProducerRecord<>(outcomesTopic, key, OutcomeJson.of(outcome)));
        if (sorted.kind() == Triage.Kind.NEW && tookEffect(outcome) && !dryRun) {
            Instant at = clock.instant();
            ledger.done(outcome.eventId(), new PartitionLedger.Done(record.offset(), at));
            outputs.add(LedgerRecords.done(ledgerTopic, record.partition(), outcome.eventId(), record.offset(), at));
        }
        return outputs;
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
                metrics.deadLetter("failed");
                outputs.add(deadLetters.parked(record, Result.FAILED, outcome.reason(), 1));
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
