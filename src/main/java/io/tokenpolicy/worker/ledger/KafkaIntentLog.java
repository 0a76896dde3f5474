package io.tokenpolicy.worker.ledger;

import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.IntentLog;
import io.tokenpolicy.worker.apply.LateOutcome;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.SecurityFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The intents of one batch's token, on the partition's ledger. A new intent is written and
 * acknowledged by the broker before the write it announces goes to the gateway. What the batch
 * settles only takes effect, in memory and on the ledger, with the batch's outputs, so that a batch
 * whose outputs are never published leaves the intents as they were; but an intent that only guards
 * usage is closed at once, before the batch ends ({@link #outputs}).
 */
public final class KafkaIntentLog implements IntentLog {

    /** An intent told by this batch, with the owner of its token. */
    private record Told(Intent intent, long userId) {}

    private final Producer<byte[], byte[]> producer;
    private final String ledgerTopic;
    private final int partition;
    private final PartitionLedger ledger;
    private final Set<String> batchEventKeys;
    private final Duration timeout;
    private final LedgerVersions versions;
    private final List<Intent> recorded = new ArrayList<>();
    /** Intents that only guard usage, not acknowledged in time, whose write went out without them. */
    private final List<Intent> givenUp = new ArrayList<>();

    private final Map<String, Told> told = new LinkedHashMap<>();

    KafkaIntentLog(
            Producer<byte[], byte[]> producer,
            String ledgerTopic,
            int partition,
            PartitionLedger ledger,
            Set<String> batchEventKeys,
            Duration timeout,
            LedgerVersions versions) {
        this.producer = producer;
        this.ledgerTopic = ledgerTopic;
        this.partition = partition;
        this.ledger = ledger;
        this.batchEventKeys = batchEventKeys;
        this.timeout = timeout;
        this.versions = versions;
    }

    /**
     * Its offset on the ledger partition is its place among its token's intents, read back with it. An intent that moves
     * the quota or the flag is not recorded while a guard intent this batch told is still open on the ledger (its close
     * is tried once more): the guard would be told again after this write, from a funded total it moved.
     */
    @Override
    public void record(Intent intent) {
        if (!intent.guardsUsageOnly()) {
            closeToldGuards();
        }
        RecordMetadata written;
        try {
            written = durably(LedgerRecords.intent(ledgerTopic, partition, intent), "the intent", intent.tokenId());
        } catch (IllegalStateException notAcknowledged) {
            if (intent.guardsUsageOnly()) {
                givenUp.add(intent);
            }
            throw notAcknowledged;
        }
        ledger.recorded(intent, written.offset());
        recorded.add(intent);
    }

    /**
     * On the ledger only: memory takes the batch's facts when they are published with its outcomes. A restore reads
     * this record when the batch never published them, and the batch's own record after it when it did.
     */
    @Override
    public void recordHold(long userId, long tokenId, SecurityFacts facts) {
        durably(
                LedgerRecords.securityFacts(ledgerTopic, partition, userId, tokenId, facts, Instant.now()),
                "the security hold",
                tokenId);
    }

    private RecordMetadata durably(ProducerRecord<byte[], byte[]> record, String what, long tokenId) {
        try {
            return producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException(
                    "could not record " + what + " for token " + tokenId + " on the ledger, so it was not written",
                    failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + what, interrupted);
        }
    }

    @Override
    public boolean committed(String eventKey) {
        return ledger.done(eventKey).isPresent();
    }

    /** The token's open intents, less those this batch has told already. */
    @Override
    public List<Intent> open(long tokenId) {
        return ledger.openIntents(tokenId, batchEventKeys).stream()
                .filter(intent -> !told.containsKey(intent.key()))
                .toList();
    }

    /**
     * A guard intent (one that {@linkplain Intent#guardsUsageOnly only guards usage}) told here stays open until the
     * batch has taken back what its write overwrote: it is closed at once, acknowledged, before the batch records an
     * intent that moves the quota or the flag ({@link #record}), or at the batch's end ({@link #outputs}). Left open
     * behind a top-up this batch commits, it would be told again from a funded total the top-up moved, and the top-up
     * taken back as overwritten usage; closed before its correction, a crash would keep that usage.
     */
    @Override
    public void settle(Intent intent, long userId) {
        told.put(intent.key(), new Told(intent, userId));
    }

    private void closeToldGuards() {
        for (Told settled : told.values()) {
            Intent guard = settled.intent();
            if (guard.guardsUsageOnly() && ledger.isOpen(guard.key()) && !closedAtOnce(guard)) {
                throw new IllegalStateException("could not close the intent of an earlier write of token "
                        + guard.tokenId() + " on the ledger, so a quota change was not written");
            }
        }
    }

    /**
     * The late outcomes of events reported before, whose intent this batch told, by the events' idempotency
     * keys: each with its {@code done} entry when it took effect. Published with the batch's last record, once.
     */
    public Map<String, Outcome> lateOutcomes(Instant at) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (Told settled : told.values()) {
            if (settled.intent().reported()) {
                settled.intent().eventIds().stream().filter(this::stillToTell).forEach(key -> LateOutcome.of(
                                settled.intent(), key, settled.userId(), at)
                        .ifPresent(outcome -> outcomes.put(key, outcome)));
            }
        }
        return outcomes;
    }

    /**
     * The ledger records to publish with the batch, applied to memory as they are made. A told intent is
     * closed once none of its events is still to come; otherwise it is kept with its fate, so that no later
     * batch tells it again from a funded total that other writes have moved since. One that landed is kept
     * too, marked reported, when its events in this batch ended without effect (a re-enable that failed),
     * so that the landing is not forgotten when they come back. Then this batch's own: closed when its
     * write reported back, kept and marked reported when its events ended without effect. One that only guards usage
     * is left open when any event of the batch ended without effect: its write may land later, over usage, and the
     * token's next batch, which reads once that write has settled, tells it and takes back what it overwrote.
     */
    public List<ProducerRecord<byte[], byte[]>> outputs(Set<String> endedWithoutEffect) {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        for (Told settled : told.values()) {
            Intent intent = settled.intent();
            boolean comesBack = !intent.reported() && intent.eventIds().stream().anyMatch(this::stillToTell);
            if (intent.fate() == Intent.Fate.LANDED && endedWithoutEffect(intent, endedWithoutEffect)) {
                outputs.add(keep(intent.reportedWithoutEffect()));
            } else if (comesBack) {
                outputs.add(keep(intent));
            } else {
                closeAtOnceOrWithOutcomes(intent, outputs);
            }
        }
        for (Intent intent : recorded) {
            if (endedWithoutEffect(intent, endedWithoutEffect)) {
                outputs.add(keep(intent.reportedWithoutEffect()));
            } else if (!intent.guardsUsageOnly() || endedWithoutEffect.isEmpty()) {
                closeAtOnceOrWithOutcomes(intent, outputs);
            }
        }
        for (Intent intent : givenUp) {
            if (!closedAtOnce(intent)) {
                outputs.add(close(intent));
            }
        }
        return outputs;
    }

    /**
     * An intent that {@linkplain Intent#guardsUsageOnly only guards usage} is closed at once, acknowledged, before the
     * batch ends; another with the batch's outcomes. The two topics' partitions commit independently: closed only with
     * the outcomes of a batch on one topic, the intent could still be open on the ledger when a later batch of its
     * token on the other topic committed a top-up, and the batch after a crash would tell it from a funded total the
     * top-up moved, and take the top-up back as overwritten usage. No event's fate waits for such an intent, and its
     * batch has taken back what its write overwrote, so nothing is lost by closing it early. When the ledger cannot
     * take the close now, the intent stays open, in memory and on the ledger, as after a crash: the token's next batch
     * tells it (the funded total is as this batch left it) and closes it. One given up before its write (not
     * acknowledged in time) is closed the same way, should the broker have appended it after all; when that close
     * fails too, it goes with the outcomes.
     */
    private void closeAtOnceOrWithOutcomes(Intent intent, List<ProducerRecord<byte[], byte[]>> outputs) {
        if (!intent.guardsUsageOnly()) {
            outputs.add(close(intent));
        } else if (ledger.isOpen(intent.key())) {
            closedAtOnce(intent);
        }
    }

    private boolean closedAtOnce(Intent intent) {
        try {
            durably(
                    LedgerRecords.closeIntent(ledgerTopic, partition, intent.key()),
                    "the close of the intent",
                    intent.tokenId());
        } catch (IllegalStateException notNow) {
            return false;
        }
        ledger.closeIntent(intent.key());
        return true;
    }

    /** Whether an event of the intent, or the one that decided its change of the flag, ended without effect. */
    private static boolean endedWithoutEffect(Intent intent, Set<String> endedWithoutEffect) {
        return intent.eventIds().stream().anyMatch(endedWithoutEffect::contains)
                || endedWithoutEffect.contains(intent.unlimitedChangedBy());
    }

    private boolean stillToTell(String eventKey) {
        return !batchEventKeys.contains(eventKey) && ledger.done(eventKey).isEmpty();
    }

    private ProducerRecord<byte[], byte[]> keep(Intent intent) {
        long recordedAt = ledger.kept(intent);
        return versions.stamped(LedgerRecords.intent(ledgerTopic, partition, intent, recordedAt));
    }

    private ProducerRecord<byte[], byte[]> close(Intent intent) {
        ledger.closeIntent(intent.key());
        return versions.stamped(LedgerRecords.closeIntent(ledgerTopic, partition, intent.key()));
    }
}
