package io.tokenpolicy.worker.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;

/** The ledgers of the partitions this consumer owns now, and where their intents are written. */
final class Ledgers implements AutoCloseable {

    private final Map<Integer, PartitionLedger> byPartition = new ConcurrentHashMap<>();
    private final Producer<byte[], byte[]> intentProducer;
    private final String ledgerTopic;
    private final Duration window;
    private final Duration sendTimeout;

    Ledgers(Producer<byte[], byte[]> intentProducer, String ledgerTopic, Duration window, Duration sendTimeout) {
        this.intentProducer = intentProducer;
        this.ledgerTopic = ledgerTopic;
        this.window = window;
        this.sendTimeout = sendTimeout;
    }

    PartitionLedger of(int partition) {
        return byPartition.get(partition);
    }

    void restored(Map<Integer, PartitionLedger> ledgers) {
        byPartition.putAll(ledgers);
    }

    void forget(Collection<Integer> partitions) {
        partitions.forEach(byPartition::remove);
    }

    KafkaIntentLog intentLog(int partition, Set<String> batchEventIds) {
        return new KafkaIntentLog(intentProducer, ledgerTopic, partition, byPartition.get(partition), batchEventIds,
                sendTimeout);
    }

    KafkaSecurityHolds securityHolds(int partition, Instant now, Clock clock) {
        return new KafkaSecurityHolds(ledgerTopic, partition, byPartition.get(partition), forgetBefore(now), clock);
    }

    Instant forgetBefore(Instant now) {
        return now.minus(window);
    }

    int size() {
        return byPartition.values().stream().mapToInt(PartitionLedger::size).sum();
    }

    @Override
    public void close() {
        intentProducer.close();
    }
}
