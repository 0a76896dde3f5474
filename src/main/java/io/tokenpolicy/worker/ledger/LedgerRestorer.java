package io.tokenpolicy.worker.ledger;

import io.tokenpolicy.worker.events.TokenEventReader;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.text.Printable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;

/**
 * Reads a partition's ledger back when the partition is assigned, with the partition of the policy-view topic of the
 * same number (the policy's view of its tokens, written in the same transactions). It first waits until no
 * transaction is open on the ledger partition (a crashed owner's open transaction is aborted
 * by the broker after the transaction timeout), so that everything that was ever committed
 * there is read, and nothing that was aborted. A transaction still open after the restore
 * timeout fails the assignment, which the polling loop tries again: a ledger with an open
 * transaction is never taken as complete. A record that cannot be read is logged and counted,
 * and does not stop the restore ({@link LedgerRecords#restore}).
 */
public final class LedgerRestorer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerRestorer.class);
    private static final Duration WAIT_STEP = Duration.ofMillis(200);

    private final Admin admin;
    private final Consumer<byte[], byte[]> reader;
    private final String ledgerTopic;
    private final String viewTopic;
    private final Duration window;
    private final Duration timeout;
    private final Clock clock;
    private final WorkerMetrics metrics;

    public LedgerRestorer(
            Admin admin,
            Consumer<byte[], byte[]> reader,
            String ledgerTopic,
            String viewTopic,
            Duration window,
            Duration timeout,
            Clock clock,
            WorkerMetrics metrics) {
        this.admin = admin;
        this.reader = reader;
        this.ledgerTopic = ledgerTopic;
        this.viewTopic = viewTopic;
        this.window = window;
        this.timeout = timeout;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Map<Integer, PartitionLedger> restore(Collection<Integer> partitions) {
        List<TopicPartition> ledger = partitions.stream()
                .flatMap(p -> Stream.of(new TopicPartition(ledgerTopic, p), new TopicPartition(viewTopic, p)))
                .toList();
        Map<TopicPartition, Long> end = awaitNoOpenTransaction(ledger);
        Map<Integer, PartitionLedger> restored = new HashMap<>();
        partitions.forEach(p -> restored.put(p, new PartitionLedger()));
        reader.assign(ledger);
        reader.seekToBeginning(ledger);
        Instant forgetBefore = clock.instant().minus(window);
        while (ledger.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(WAIT_STEP)) {
                restore(restored.get(record.partition()), record, forgetBefore);
            }
        }
        reader.assign(List.of());
        return restored;
    }

    private void restore(PartitionLedger ledger, ConsumerRecord<byte[], byte[]> record, Instant forgetBefore) {
        String key = TokenEventReader.utf8(record.key());
        try {
            if (record.topic().equals(viewTopic)) {
                LedgerRecords.restoreView(ledger, key, record.value());
            } else {
                LedgerRecords.restore(ledger, key, record.value(), record.offset(), forgetBefore);
            }
        } catch (LedgerRecords.Unreadable unreadable) {
            metrics.ledgerRecordUnreadable(unreadable.kind());
            log.error(
                    "ledger record {} at offset {} of {}-{} cannot be read; {}",
                    Printable.of(key, 200),
                    record.offset(),
                    record.topic(),
                    record.partition(),
                    unreadable.getMessage());
        }
    }

    @Override
    public void close() {
        reader.close();
        admin.close();
    }

    private Map<TopicPartition, Long> awaitNoOpenTransaction(List<TopicPartition> ledger) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> committed = latest(ledger, IsolationLevel.READ_COMMITTED);
            if (committed.equals(latest(ledger, IsolationLevel.READ_UNCOMMITTED))) {
                return committed;
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaException("a transaction is still open on " + ledger + " after the restore timeout "
                        + timeout + "; the ledger is not read as complete, and the assignment is tried again");
            }
            try {
                Thread.sleep(WAIT_STEP.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while restoring the ledger", interrupted);
            }
        }
    }

    private Map<TopicPartition, Long> latest(List<TopicPartition> ledger, IsolationLevel isolation) {
        try {
            return admin
                    .listOffsets(
                            ledger.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                            new ListOffsetsOptions(isolation))
                    .all()
                    .get()
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException failed) {
            throw new KafkaException("could not read the ledger's offsets", failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while restoring the ledger", interrupted);
        }
    }
}
