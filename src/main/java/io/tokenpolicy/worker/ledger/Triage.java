package io.tokenpolicy.worker.ledger;

import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.policy.TokenEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Sorts the records of one batch by what the ledger knows of them: a new event to apply, an
 * event processed before (same {@code source} and {@code id}: a DUPLICATE), the very record processed
 * before and delivered again after a restart (nothing to publish again), or a record that is not a valid event.
 * A dry run writes no ledger entries of its own: an entry naming the very record it reads is the real run's, so
 * that record is a DUPLICATE there, never a redelivery.
 */
public final class Triage {

    public enum Kind {
        NEW,
        DUPLICATE,
        REDELIVERED,
        NOT_AN_EVENT
    }

    public record Sorted(
            ConsumerRecord<byte[], byte[]> record,
            ReadResult read,
            Kind kind,
            Optional<PartitionLedger.Done> earlier) {}

    private final PartitionLedger ledger;
    private final Instant forgetBefore;
    private final boolean dryRun;
    private final List<Sorted> sorted = new ArrayList<>();
    private final Set<String> inThisBatch = new HashSet<>();

    public Triage(PartitionLedger ledger, Instant forgetBefore, boolean dryRun) {
        this.ledger = ledger;
        this.forgetBefore = forgetBefore;
        this.dryRun = dryRun;
    }

    public void sort(ConsumerRecord<byte[], byte[]> record, ReadResult read) {
        if (!(read instanceof ReadResult.Readable readable)) {
            sorted.add(new Sorted(record, read, Kind.NOT_AN_EVENT, Optional.empty()));
            return;
        }
        String key = readable.event().envelope().idempotencyKey();
        Optional<PartitionLedger.Done> earlier =
                ledger.done(key).filter(done -> done.at().isAfter(forgetBefore));
        Kind kind;
        if (earlier.isPresent() && !dryRun && earlier.get().sameRecord(record)) {
            kind = Kind.REDELIVERED;
        } else if (earlier.isPresent() || !inThisBatch.add(key)) {
            kind = Kind.DUPLICATE;
        } else {
            kind = Kind.NEW;
        }
        sorted.add(new Sorted(record, read, kind, earlier));
    }

    public List<Sorted> sorted() {
        return sorted;
    }

    public List<TokenEvent> newEvents() {
        return sorted.stream()
                .filter(s -> s.kind() == Kind.NEW)
                .map(s -> ((ReadResult.Readable) s.read()).event())
                .toList();
    }
}
