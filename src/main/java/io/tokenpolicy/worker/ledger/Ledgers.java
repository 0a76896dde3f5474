package io.tokenpolicy.worker.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;

/** The ledgers of the partitions this consumer owns now, and where their intents are written. */
public final class Ledgers implements AutoCloseable {

    private static final Duration FORGET_EVERY = Duration.ofMinutes(1);

    private final Map<Integer, PartitionLedger> byPartition = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextForgetting = new AtomicReference<>(Instant.MIN);
    private final Producer<byte[], byte[]> intentProducer;
    private final String ledgerTopic;
    private final String viewTopic;
    private final Duration window;
    private final Duration sendTimeout;
    private final LedgerVersions versions;

    public Ledgers(
            Producer<byte[], byte[]> intentProducer,
            String ledgerTopic,
            String viewTopic,
            Duration window,
            Duration sendTimeout,
            LedgerVersions versions) {
        this.intentProducer = intentProducer;
        this.versions = versions;
        this.ledgerTopic = ledgerTopic;
        this.viewTopic = viewTopic;
        this.window = window;
        this.sendTimeout = sendTimeout;
    }

    public PartitionLedger of(int partition) {
        return byPartition.get(partition);
    }

    public void restored(Map<Integer, PartitionLedger> ledgers) {
        byPartition.putAll(ledgers);
    }

    public void forget(Collection<Integer> partitions) {
        partitions.forEach(byPartition::remove);
    }

    public KafkaIntentLog intentLog(int partition, Set<String> batchEventIds) {
        return new KafkaIntentLog(
                intentProducer,
                ledgerTopic,
                partition,
                byPartition.get(partition),
                batchEventIds,
                sendTimeout,
                versions);
    }

    public KafkaSecurityHolds securityHolds(int partition, Instant now, Clock clock) {
        return new KafkaSecurityHolds(
                ledgerTopic, partition, byPartition.get(partition), forgetBefore(now), clock, versions);
    }

    public KafkaPolicyViews policyViews(int partition, Clock clock) {
        return new KafkaPolicyViews(viewTopic, partition, byPartition.get(partition), clock, versions);
    }

    public Instant forgetBefore(Instant now) {
        return now.minus(window);
    }

    /**
     * Forgets, at most once every {@link #FORGET_EVERY}, the events processed before the dedup window in every
     * partition held: the ids held stay those of the window however long the partitions stay with this instance.
     */
    public void forgetExpired(Instant now) {
        Instant due = nextForgetting.get();
        if (now.isBefore(due) || !nextForgetting.compareAndSet(due, now.plus(FORGET_EVERY))) {
            return;
        }
        Instant before = forgetBefore(now);
        byPartition.values().forEach(ledger -> ledger.forgetDoneBefore(before));
    }

    public int size() {
        return byPartition.values().stream().mapToInt(PartitionLedger::size).sum();
    }

    @Override
    public void close() {
        intentProducer.close();
    }
}
