package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.apply.HandOver;
import io.tokenpolicy.worker.apply.IntentLog;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.PolicyViews;
import io.tokenpolicy.worker.apply.SecurityHolds;
import io.tokenpolicy.worker.apply.TokenEventApplier;
import io.tokenpolicy.worker.apply.WorkHandedOver;
import io.tokenpolicy.worker.events.PartitionRule;
import io.tokenpolicy.worker.events.TokenEventReader;
import io.tokenpolicy.worker.ledger.BatchLedger;
import io.tokenpolicy.worker.ledger.KafkaIntentLog;
import io.tokenpolicy.worker.ledger.KafkaPolicyViews;
import io.tokenpolicy.worker.ledger.KafkaSecurityHolds;
import io.tokenpolicy.worker.ledger.Ledgers;
import io.tokenpolicy.worker.ledger.PartitionLedger;
import io.tokenpolicy.worker.ledger.Triage;
import io.tokenpolicy.worker.ops.Liveness;
import io.tokenpolicy.worker.outcomes.EventMdc;
import io.tokenpolicy.worker.outcomes.Finished;
import io.tokenpolicy.worker.outcomes.RecordOutcomes;
import io.tokenpolicy.worker.outcomes.RecordOutputs;
import io.tokenpolicy.worker.policy.TokenEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the waiting records of one record key (one token) to their outcomes: forwards them when they
 * are not on their token's partition (to be answered there), or else reads them,
 * sorts out event ids processed before, applies the new events together, and hands each
 * record on with what must be published for it: its outcome, a dead letter when it is
 * unreadable or failed for good, and its ledger entries. An {@link Error} on the way leaves the
 * records unfinished and the worker's liveness DOWN.
 */
final class TokenEventHandler {

    private static final Logger log = LoggerFactory.getLogger(TokenEventHandler.class);

    private final TokenEventReader reader;
    private final LaneOf lanes;
    private final TokenEventApplier applier;
    private final RecordOutputs outputs;
    private final PartitionRule partitionRule;
    private final Clock clock;
    private final Liveness liveness;
    private final boolean dryRun;

    TokenEventHandler(
            TokenEventReader reader,
            LaneOf lanes,
            TokenEventApplier applier,
            RecordOutputs outputs,
            PartitionRule partitionRule,
            Clock clock,
            Liveness liveness,
            boolean dryRun) {
        this.reader = reader;
        this.lanes = lanes;
        this.applier = applier;
        this.outputs = outputs;
        this.partitionRule = partitionRule;
        this.clock = clock;
        this.liveness = liveness;
        this.dryRun = dryRun;
    }

    /** Returns once no write of the handled records is in doubt, or at the deadline ({@link System#nanoTime()}). */
    void awaitWritesSettled(long deadline) {
        applier.awaitWritesSettled(deadline);
    }

    void handle(
            List<ConsumerRecord<byte[], byte[]>> records,
            Ledgers ledgers,
            HandOver handOver,
            BooleanSupplier securityWaiting,
            Consumer<Finished> finished) {
        EventMdc.batch(records);
        try {
            handleOrThrow(records, ledgers, handOver, securityWaiting, finished);
        } catch (WorkHandedOver stopped) {
            log.debug(
                    "records of key {} handed over before their retries were done",
                    records.get(0).key());
            records.forEach(record -> finished.accept(Finished.handedOver(record)));
        } catch (RuntimeException unexpected) {
            log.error(
                    "records of key {} could not be handled; parking them",
                    records.get(0).key(),
                    unexpected);
            outputs.failedAll(records, unexpected, clock.instant()).forEach(finished);
        } catch (Error fatal) {
            liveness.broken(
                    records.size() + " records from offset " + records.get(0).offset() + " of partition "
                            + records.get(0).partition() + " failed with "
                            + fatal.getClass().getSimpleName() + ": whether"
                            + " their changes were made cannot be told here, so they stay unfinished until a restart delivers"
                            + " them again",
                    fatal);
        } finally {
            EventMdc.clear();
        }
    }

    private void handleOrThrow(
            List<ConsumerRecord<byte[], byte[]>> records,
            Ledgers ledgers,
            HandOver handOver,
            BooleanSupplier securityWaiting,
            Consumer<Finished> finished) {
        PartitionLedger ledger = ledgers.of(records.get(0).partition());
        if (ledger == null) {
            return;
        }
        Instant receivedAt = clock.instant();
        OptionalInt own = partitionRule.elsewhere(records.get(0));
        if (own.isPresent()) {
            outputs.forwarded(records, own.getAsInt(), reader::read, receivedAt).forEach(finished);
            return;
        }
        ledgers.forgetExpired(receivedAt);
        Triage triage = new Triage(ledger, ledgers.forgetBefore(receivedAt), dryRun);
        records.forEach(record -> triage.sort(record, lanes.checked(record, reader.read(record))));
        EventMdc.read(triage);
        Set<String> keys = triage.newEvents().stream()
                .map(event -> event.envelope().idempotencyKey())
                .collect(Collectors.toSet());
        KafkaIntentLog intents = ledgers.intentLog(records.get(0).partition(), keys);
        KafkaSecurityHolds holds = ledgers.securityHolds(records.get(0).partition(), receivedAt, clock);
        KafkaPolicyViews views = ledgers.policyViews(records.get(0).partition(), clock);
        List<Outcome> applied =
                applySafely(triage.newEvents(), receivedAt, intents, holds, views, handOver, securityWaiting);
        outputs.of(triage, applied, ledger, new BatchLedger(intents, holds, views), receivedAt)
                .forEach(finished);
    }

    private List<Outcome> applySafely(
            List<TokenEvent> events,
            Instant receivedAt,
            IntentLog intents,
            SecurityHolds holds,
            PolicyViews views,
            HandOver handOver,
            BooleanSupplier securityWaiting) {
        if (events.isEmpty()) {
            return List.of();
        }
        try {
            return applier.applyAll(events, receivedAt, intents, holds, views, handOver, securityWaiting);
        } catch (WorkHandedOver stopped) {
            throw stopped;
        } catch (RuntimeException unexpected) {
            log.error(
                    "events of token {} could not be applied",
                    events.get(0).envelope().tokenId(),
                    unexpected);
            List<Outcome> failed = new ArrayList<>();
            events.forEach(event -> failed.add(RecordOutcomes.failed(event, unexpected, receivedAt, clock.instant())));
            return failed;
        }
    }
}
