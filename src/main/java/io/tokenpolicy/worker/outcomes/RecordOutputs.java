package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.events.Forwarding;
import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.ledger.BatchLedger;
import io.tokenpolicy.worker.ledger.PartitionLedger;
import io.tokenpolicy.worker.ledger.Triage;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What each record of a batch publishes: one outcome (none for a record processed before a
 * restart, which already has one), a dead letter when it is unreadable, FAILED or refused by the
 * gateway, a ledger entry when its event took effect (and when it changed a token's
 * security facts or the policy's view of it), and, with the batch's last record, what the batch settled of earlier intents:
 * their closing, and the late outcomes of events reported without effect whose write is now told
 * ({@link SortedOutputs}); or, for a record found on another partition than its token's, only its copy
 * there. The outcomes the worker gives itself are {@link RecordOutcomes}'. A dry run publishes outcomes
 * only: a ledger entry would make the real run skip the event, a dead letter would be replayed into it,
 * and a copy would be applied by it.
 */
public final class RecordOutputs {

    private final RecordOutcomes recordOutcomes;
    private final OutcomeRecords outcomes;
    private final SortedOutputs sorted;
    private final DeadLetters deadLetters;
    private final WorkerMetrics metrics;
    private final boolean dryRun;

    public RecordOutputs(
            String outcomesTopic,
            String ledgerTopic,
            DeadLetters deadLetters,
            Clock clock,
            WorkerMetrics metrics,
            boolean dryRun) {
        this.recordOutcomes = new RecordOutcomes(clock);
        this.outcomes = new OutcomeRecords(outcomesTopic, metrics);
        this.sorted = new SortedOutputs(recordOutcomes, outcomes, deadLetters, ledgerTopic, clock, metrics, dryRun);
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.dryRun = dryRun;
    }

    /** The outputs of a batch sorted against its partition's ledger, after its new events were applied. */
    public List<Finished> of(
            Triage triage, List<Outcome> applied, PartitionLedger ledger, BatchLedger batch, Instant receivedAt) {
        return sorted.of(triage, applied, ledger, batch, receivedAt);
    }

    /**
     * Records found on another partition than their token's own: each is copied there, to be applied in its
     * token's order and answered once applied. A dry run writes nothing there and answers each at once with
     * what would happen.
     */
    public List<Finished> forwarded(
            List<ConsumerRecord<byte[], byte[]>> records,
            int own,
            Function<ConsumerRecord<byte[], byte[]>, ReadResult> reader,
            Instant receivedAt) {
        return records.stream()
                .map(record ->
                        dryRun ? wouldForward(record, own, reader.apply(record), receivedAt) : forward(record, own))
                .toList();
    }

    private Finished forward(ConsumerRecord<byte[], byte[]> record, int own) {
        metrics.forwarded();
        return Finished.forwarded(record, Forwarding.copy(record, own));
    }

    private Finished wouldForward(ConsumerRecord<byte[], byte[]> record, int own, ReadResult read, Instant receivedAt) {
        Outcome outcome = recordOutcomes.wouldForward(record, own, read, receivedAt);
        outcomes.counted(outcome);
        return new Finished(record, List.of(outcomes.record(record, OutcomeInput.of(read, record), outcome)));
    }

    /** When handling a batch failed unexpectedly: each record FAILED and parked, so the partition moves on. */
    public List<Finished> failedAll(List<ConsumerRecord<byte[], byte[]>> records, RuntimeException cause, Instant at) {
        return records.stream()
                .map(record -> {
                    Outcome outcome = RecordOutcomes.failed(record, cause, at);
                    metrics.event(null, Result.FAILED.name(), 1);
                    List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(2);
                    if (!dryRun) {
                        metrics.deadLetter(DeadLetters.Cause.FAILED.tag());
                        outputs.add(deadLetters.parked(record, outcome, DeadLetters.Cause.FAILED));
                    }
                    outputs.add(outcomes.record(record, new OutcomeInput(null, record), outcome));
                    return new Finished(record, outputs);
                })
                .toList();
    }
}
