package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.KeyOrderedExecutor;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling loop. One thread owns the Kafka consumer: it polls, hands records to the
 * key-ordered executor (events of one token in order, many tokens at once), pauses
 * fetching while too many records are unfinished, and commits each partition up to its
 * lowest unfinished offset. When partitions are taken away it lets their running work
 * finish, commits, and drops what had not started, for the new owner to process.
 */
final class TokenEventConsumer implements Runnable, ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(TokenEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final ConcurrencyProperties limits;
    private final KeyOrderedExecutor<OrderingKey, ConsumerRecord<byte[], byte[]>> executor;
    private final OffsetTracker offsets = new OffsetTracker();
    private final BlockingQueue<ConsumerRecord<byte[], byte[]>> finished = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private long lastCommit;

    TokenEventConsumer(Consumer<byte[], byte[]> consumer, String topic, ConcurrencyProperties limits,
                       TokenEventHandler handler) {
        this.consumer = consumer;
        this.topic = topic;
        this.limits = limits;
        this.executor = new KeyOrderedExecutor<>("token-worker", limits.maxInFlight(), limits.maxBatch(),
                batch -> handler.handle(batch, finished::add));
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topic), this);
        try {
            while (running) {
                settleFinished();
                commitIfDue();
                FlowControl.apply(consumer, offsets.inFlight() >= limits.maxBufferedRecords());
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    offsets.taken(new TopicPartition(record.topic(), record.partition()), record.offset());
                    executor.submit(OrderingKey.of(record), record);
                }
            }
        } catch (WakeupException stopping) {
            log.debug("consumer woken up to stop");
        } finally {
            drainAndClose();
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Set<TopicPartition> revoked = new HashSet<>(partitions);
        abandon(executor.discard(key -> revoked.contains(key.partition())));
        awaitFinished(revoked);
        commit(offsets.advance(revoked));
        offsets.forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        Set<TopicPartition> lost = new HashSet<>(partitions);
        executor.discard(key -> lost.contains(key.partition()));
        offsets.forget(lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        log.info("assigned {}", partitions);
    }

    private void settleFinished() {
        ConsumerRecord<byte[], byte[]> record;
        while ((record = finished.poll()) != null) {
            offsets.finished(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - lastCommit >= limits.commitInterval().toNanos()) {
            commit(offsets.advance());
            lastCommit = now;
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> commits) {
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
        }
    }

    private void abandon(List<ConsumerRecord<byte[], byte[]>> notStarted) {
        notStarted.forEach(record -> offsets.abandoned(new TopicPartition(record.topic(), record.partition()),
                record.offset()));
    }

    /** Waits, at most the drain timeout, until the started work of these partitions has its outcomes published. */
    private void awaitFinished(Set<TopicPartition> partitions) {
        long deadline = System.nanoTime() + limits.drainTimeout().toNanos();
        settleFinished();
        try {
            while (offsets.inFlight(partitions) > 0 && System.nanoTime() < deadline) {
                ConsumerRecord<byte[], byte[]> record = finished.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (record != null) {
                    offsets.finished(new TopicPartition(record.topic(), record.partition()), record.offset());
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        settleFinished();
    }

    private void drainAndClose() {
        abandon(executor.shutdown(limits.drainTimeout()));
        try {
            awaitFinished(consumer.assignment());
            commit(offsets.advance());
        } finally {
            consumer.close();
        }
    }
}
