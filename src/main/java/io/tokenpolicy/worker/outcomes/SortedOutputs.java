package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.ledger.BatchLedger;
import io.tokenpolicy.worker.ledger.KafkaIntentLog;
import io.tokenpolicy.worker.ledger.LedgerRecords;
import io.tokenpolicy.worker.ledger.PartitionLedger;
import io.tokenpolicy.worker.ledger.Triage;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.EventEnvelope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records published for each record of a batch sorted by its {@link Triage}: nothing for a record
 * processed before a restart; else its outcome, a dead letter when it is unreadable, FAILED or refused by the
 * gateway, and, for a new event, a ledger entry when it took effect and when it changed a token's
 * security facts or the policy's view of it. With the batch's last record go what the batch settled of earlier intents: their closing,
 * and the late outcomes of events reported without effect whose write is now told. A dry run publishes the
 * outcomes only.
 */
final class SortedOutputs {

    private final RecordOutcomes recordOutcomes;
    private final OutcomeRecords outcomes;
    private final DeadLetters deadLetters;
    private final String ledgerTopic;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final boolean dryRun;

    SortedOutputs(
            RecordOutcomes recordOutcomes,
            OutcomeRecords outcomes,
            DeadLetters deadLetters,
            String ledgerTopic,
            Clock clock,
            WorkerMetrics metrics,
            boolean dryRun) {
        this.recordOutcomes = recordOutcomes;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.ledgerTopic = ledgerTopic;
        this.clock = clock;
        this.metrics = metrics;
        this.dryRun = dryRun;
    }

    List<Finished> of(
            Triage triage, List<Outcome> applied, PartitionLedger ledger, BatchLedger batch, Instant receivedAt) {
        Iterator<Outcome> appliedInOrder = applied.iterator();
        List<Finished> finished = new ArrayList<>();
        Set<String> withoutEffect = new HashSet<>();
        for (Triage.Sorted sorted : triage.sorted()) {
            if (sorted.kind() == Triage.Kind.REDELIVERED) {
                metrics.duplicateSuppressed("redelivered");
                finished.add(new Finished(sorted.record(), List.of()));
            } else {
                Outcome outcome = recordOutcomes.of(sorted, appliedInOrder, receivedAt);
                outcomes.counted(outcome);
                finished.add(new Finished(sorted.record(), published(sorted, outcome, ledger, batch, withoutEffect)));
            }
        }
        if (dryRun) {
            return finished;
        }
        ConsumerRecord<byte[], byte[]> last = finished.get(finished.size() - 1).record();
        return withLast(finished, settled(batch.intents(), withoutEffect, last, ledger));
    }

    /** A sorted record's own outputs; a new event reported without effect is added to {@code withoutEffect}. */
    private List<ProducerRecord<byte[], byte[]>> published(
            Triage.Sorted sorted,
            Outcome outcome,
            PartitionLedger ledger,
            BatchLedger batch,
            Set<String> withoutEffect) {
        List<ProducerRecord<byte[], byte[]>> outputs = outputs(sorted, outcome, ledger);
        if (sorted.kind() == Triage.Kind.NEW && !dryRun) {
            if (outcome.result() == Result.FAILED || outcome.result() == Result.REJECTED) {
                withoutEffect.add(eventKey(sorted));
            }
            outputs.addAll(batch.outputsOf(eventKey(sorted)));
        }
        return outputs;
    }

    private List<ProducerRecord<byte[], byte[]>> outputs(
            Triage.Sorted sorted, Outcome outcome, PartitionLedger ledger) {
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

    /** What the batch settled of earlier intents, and the closing or keeping of the intents of its events. */
    private List<ProducerRecord<byte[], byte[]>> settled(
            KafkaIntentLog intents,
            Set<String> withoutEffect,
            ConsumerRecord<byte[], byte[]> last,
            PartitionLedger ledger) {
        List<ProducerRecord<byte[], byte[]>> outputs = lateOutputs(intents.lateOutcomes(clock.instant()), last, ledger);
        outputs.addAll(intents.outputs(withoutEffect));
        return outputs;
    }

    /**
     * The late outcomes of events reported without effect whose write this batch found landed (or could not
     * tell), with a {@code done} entry for each that took effect, so that replaying it is a DUPLICATE.
     */
    private List<ProducerRecord<byte[], byte[]>> lateOutputs(
            Map<String, Outcome> late, ConsumerRecord<byte[], byte[]> last, PartitionLedger ledger) {
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

    private static String eventKey(Triage.Sorted sorted) {
        return ((ReadResult.Readable) sorted.read()).event().envelope().idempotencyKey();
    }

    /** The {@code done} entry of an event that took effect, written with (and at the offset of) {@code record}. */
    private ProducerRecord<byte[], byte[]> done(
            PartitionLedger ledger, String eventKey, ConsumerRecord<byte[], byte[]> record) {
        Instant at = clock.instant();
        PartitionLedger.Done where = new PartitionLedger.Done(record.topic(), record.offset(), at);
        ledger.done(eventKey, where);
        return LedgerRecords.done(ledgerTopic, record.partition(), eventKey, where);
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
}
