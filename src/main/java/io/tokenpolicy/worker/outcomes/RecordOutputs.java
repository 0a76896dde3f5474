package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.events.RecordKey;
import io.tokenpolicy.worker.events.Forwarding;
import io.tokenpolicy.worker.ledger.KafkaIntentLog;
import io.tokenpolicy.worker.ledger.KafkaSecurityHolds;
import io.tokenpolicy.worker.ledger.LedgerRecords;
import io.tokenpolicy.worker.ledger.PartitionLedger;
import io.tokenpolicy.worker.ledger.Triage;

import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.text.Printable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What each record of a batch publishes: one outcome (none for a record processed before a
 * restart, which already has one), a dead letter when it is unreadable, FAILED or refused by the
 * gateway, a ledger entry when its event took effect (and when it started or ended a token's
 * security hold), and, with the batch's last record, what the batch settled of earlier intents:
 * their closing, and the late outcomes of events reported without effect whose write is now told;
 * or, for a record found on another partition than its token's, only its copy there. A dry run
 * publishes outcomes only: a ledger entry would make the real run skip the event, a dead letter
 * would be replayed into it, and a copy would be applied by it.
 */
public final class RecordOutputs {

    private final OutcomeRecords outcomes;
    private final String ledgerTopic;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final boolean dryRun;

    public RecordOutputs(String outcomesTopic, String ledgerTopic, DeadLetters deadLetters, Clock clock,
                  WorkerMetrics metrics, boolean dryRun) {
        this.dryRun = dryRun;
        this.outcomes = new OutcomeRecords(outcomesTopic, metrics);
        this.ledgerTopic = ledgerTopic;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.metrics = metrics;
    }

    public List<Finished> of(Triage triage, List<Outcome> applied, PartitionLedger ledger, KafkaIntentLog intents,
                      KafkaSecurityHolds holds, Instant receivedAt) {
        Iterator<Outcome> appliedInOrder = applied.iterator();
        List<Finished> finished = new ArrayList<>();
        Set<String> withoutEffect = new HashSet<>();
        for (Triage.Sorted sorted : triage.sorted()) {
            if (sorted.kind() == Triage.Kind.REDELIVERED) {
                metrics.duplicateSuppressed("redelivered");
                finished.add(new Finished(sorted.record(), List.of()));
                continue;
            }
            Outcome outcome = outcomeOf(sorted, appliedInOrder, receivedAt);
            List<ProducerRecord<byte[], byte[]>> outputs = outputs(sorted, outcome, ledger);
            if (sorted.kind() == Triage.Kind.NEW && !dryRun) {
                if (outcome.result() == Result.FAILED || outcome.result() == Result.REJECTED) {
                    withoutEffect.add(eventKey(sorted));
                }
                outputs.addAll(holds.outputsOf(eventKey(sorted)));
            }
            finished.add(new Finished(sorted.record(), outputs));
        }
        if (dryRun) {
            return finished;
        }
        ConsumerRecord<byte[], byte[]> last = finished.get(finished.size() - 1).record();
        List<ProducerRecord<byte[], byte[]>> batchOutputs = lateOutputs(intents.lateOutcomes(clock.instant()), last, ledger);
        batchOutputs.addAll(intents.outputs(withoutEffect));
        return withLast(finished, batchOutputs);
    }

    /**
     * The late outcomes of events reported without effect whose write this batch found landed (or could not
     * tell), with a {@code done} entry for each that took effect, so that replaying it is a DUPLICATE.
     */
    private List<ProducerRecord<byte[], byte[]>> lateOutputs(Map<String, Outcome> late,
                                                             ConsumerRecord<byte[], byte[]> last, PartitionLedger ledger) {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        late.forEach((eventKey, outcome) -> {
            outcomes.counted(outcome);
            outputs.add(outcomes.record(last, new OutcomeInput(EventEnvelope.sourceOf(eventKey), null), outcome));
            if (tookEffect(outcome)) {
                outputs.add(done(ledger, eventKey, last));
            }
        });
        return outputs;
    }

    /**
     * Records found on another partition than their token's own: each is copied there, to be applied in its
     * token's order and answered once applied. A dry run writes nothing there and answers each at once with
     * what would happen.
     */
    public List<Finished> forwarded(List<ConsumerRecord<byte[], byte[]>> records, int own,
                             Function<ConsumerRecord<byte[], byte[]>, ReadResult> reader, Instant receivedAt) {
        return records.stream()
                .map(record -> dryRun ? wouldForward(record, own, reader.apply(record), receivedAt) : forward(record, own))
                .toList();
    }

    private Finished forward(ConsumerRecord<byte[], byte[]> record, int own) {
        metrics.forwarded();
        return Finished.forwarded(record, Forwarding.copy(record, own));
    }

    private Finished wouldForward(ConsumerRecord<byte[], byte[]> record, int own, ReadResult read, Instant receivedAt) {
        Outcome outcome = read instanceof ReadResult.Readable
                ? Outcome.withoutCalls(read.identity(), Result.PLANNED, forwardingReason(record, own), receivedAt,
                        clock.instant())
                : rejected(read, receivedAt, clock.instant());
        outcomes.counted(outcome);
        return new Finished(record, List.of(outcomes.record(record, OutcomeInput.of(read, record), outcome)));
    }

    private static String forwardingReason(ConsumerRecord<byte[], byte[]> record, int own) {
        return "found on partition " + record.partition() + ", not on its token's partition " + own
                + " (murmur2 of the record key): the worker forwards it there and applies it in its token's order";
    }

    private Outcome outcomeOf(Triage.Sorted sorted, Iterator<Outcome> applied, Instant receivedAt) {
        Outcome outcome = switch (sorted.kind()) {
            case NEW -> applied.next();
            case DUPLICATE -> duplicate(sorted, receivedAt);
            default -> notAnEvent(sorted.read(), receivedAt);
        };
        outcomes.counted(outcome);
        return outcome;
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
        outputs.add(outcomes.record(record, OutcomeInput.of(sorted.read(), record), outcome));
        if (sorted.kind() == Triage.Kind.NEW && tookEffect(outcome) && !dryRun) {
            outputs.add(done(ledger, eventKey(sorted), record));
        }
        return outputs;
    }

    private static String eventKey(Triage.Sorted sorted) {
        return ((ReadResult.Readable) sorted.read()).event().envelope().idempotencyKey();
    }

    /** The {@code done} entry of an event that took effect, written with (and at the offset of) {@code record}. */
    private ProducerRecord<byte[], byte[]> done(PartitionLedger ledger, String eventKey,
                                                ConsumerRecord<byte[], byte[]> record) {
        Instant at = clock.instant();
        ledger.done(eventKey, new PartitionLedger.Done(record.offset(), at));
        return LedgerRecords.done(ledgerTopic, record.partition(), eventKey, record.offset(), at);
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
                .map(done -> "event (source and id) already processed (offset " + done.offset() + ", " + done.at() + ")")
                .orElse("event (source and id) appears twice in a row; processed once");
        return Outcome.withoutCalls(identity, Result.DUPLICATE, reason, receivedAt, clock.instant());
    }

    private Outcome notAnEvent(ReadResult read, Instant receivedAt) {
        return rejected(read, receivedAt, clock.instant());
    }

    /** The outcome of a record that is not a valid event. */
    public static Outcome rejected(ReadResult read, Instant receivedAt, Instant completedAt) {
        if (read instanceof ReadResult.Invalid invalid) {
            return Outcome.rejected(invalid.identity(), invalid.reason(), receivedAt, completedAt);
        }
        ReadResult.Unreadable unreadable = (ReadResult.Unreadable) read;
        return Outcome.rejected(unreadable.identity(), unreadable.reason(), receivedAt, completedAt);
    }

    /** When handling a batch failed unexpectedly: each record FAILED and parked, so the partition moves on. */
    public List<Finished> failedAll(List<ConsumerRecord<byte[], byte[]>> records, RuntimeException cause, Instant at) {
        return records.stream().map(record -> {
            EventIdentity unknown = new EventIdentity(null, null, null, RecordKey.tokenId(record.key()), null);
            Outcome outcome = Outcome.withoutCalls(unknown, Result.FAILED,
                    "internal error: " + cause.getClass().getSimpleName(), at, at);
            metrics.event(null, Result.FAILED.name(), 1);
            List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(2);
            if (!dryRun) {
                metrics.deadLetter(DeadLetters.Cause.FAILED.tag());
                outputs.add(deadLetters.parked(record, outcome, DeadLetters.Cause.FAILED));
            }
            outputs.add(outcomes.record(record, new OutcomeInput(null, record), outcome));
            return new Finished(record, outputs);
        }).toList();
    }

    public static Outcome failed(TokenEvent event, RuntimeException cause, Instant receivedAt, Instant completedAt) {
        EventIdentity identity = EventIdentity.of(event.envelope());
        String reason = "internal error: " + (cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : Printable.of(cause.getMessage(), 300));
        return Outcome.withoutCalls(identity, Result.FAILED, reason, receivedAt, completedAt);
    }
}
