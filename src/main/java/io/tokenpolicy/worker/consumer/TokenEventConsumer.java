package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.events.PartitionRule;
import io.tokenpolicy.worker.ledger.LedgerRestorer;
import io.tokenpolicy.worker.ledger.Ledgers;
import io.tokenpolicy.worker.outcomes.TransactionalOutput;
import io.tokenpolicy.worker.outcomes.Finished;

import io.tokenpolicy.worker.apply.HandOver;
import io.tokenpolicy.worker.apply.KeyOrderedExecutor;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.ops.ConsumerStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling loop. One thread owns the Kafka consumer and the transactional producer: it
 * polls, hands records to the key-ordered executor (events of one token in order, many
 * tokens at once), pauses fetching while too many records are unfinished or while the gateway
 * is down and records wait for it (an outage holds no more than what was fetched before it,
 * and a worker holding nothing still fetches, so that there is a call to probe with), and regularly
 * publishes the finished records' outputs together with the offsets they complete, in one
 * transaction; a record found on another partition than its token's own ({@link PartitionRule})
 * is forwarded there in that transaction. Partitions are committed up to their lowest unfinished
 * record. A partition's ledger is restored when it is assigned; when partitions are taken away, their started
 * work is given the drain timeout to finish (work waiting on retries that would outlast it
 * stops at once) and is committed, and what had not started is left for the new owner.
 */
final class TokenEventConsumer implements Runnable, ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(TokenEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Consumer<byte[], byte[]> consumer;
    private final TransactionalOutput output;
    private final Ledgers ledgers;
    private final LedgerRestorer restorer;
    private final String topic;
    private final ConcurrencyProperties limits;
    private final ConsumerStatus status;
    private final KeyOrderedExecutor<OrderingKey, ConsumerRecord<byte[], byte[]>> executor;
    private final OffsetTracker offsets = new OffsetTracker();
    private final BlockingQueue<Reported> finished = new LinkedBlockingQueue<>();
    private final HandOvers handOvers;
    private final PartitionRule partitionRule;
    private final BooleanSupplier gatewayDown;
    private volatile boolean running = true;
    private long lastCommit;

    TokenEventConsumer(Consumer<byte[], byte[]> consumer, TransactionalOutput output, Ledgers ledgers,
                       LedgerRestorer restorer, String topic, ConcurrencyProperties limits, TokenEventHandler handler,
                       PartitionRule partitionRule, BooleanSupplier gatewayDown, ConsumerStatus status) {
        this.consumer = consumer;
        this.output = output;
        this.ledgers = ledgers;
        this.restorer = restorer;
        this.topic = topic;
        this.limits = limits;
        this.status = status;
        this.gatewayDown = gatewayDown;
        this.partitionRule = partitionRule;
        this.handOvers = new HandOvers(limits.drainTimeout());
        this.executor = new KeyOrderedExecutor<>("token-worker", limits.maxTokensInProgress(), limits.maxBatch(),
                batch -> handle(handler, batch));
    }

    /** A record's finished work, with the hand-over of the partition's ownership it ran under. */
    private record Reported(Finished done, HandOver ranUnder) {
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topic), this);
        try {
            while (running) {
                settleFinished();
                commitIfDue();
                controlFlow();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    offsets.taken(partition, record.offset());
                    handOvers.taken(partition);
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

    /** Also reads the events topic's partition count again: adding partitions to it causes a rebalance. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        partitionRule.partitions(consumer.partitionsFor(topic).size());
        List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
        if (!numbers.isEmpty()) {
            ledgers.restored(restorer.restore(numbers));
            log.info("assigned {}; ledger restored, {} entries held", partitions, ledgers.size());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Set<TopicPartition> revoked = new HashSet<>(partitions);
        handOvers.begin(revoked);
        abandon(executor.discard(key -> revoked.contains(key.partition())));
        awaitFinished(revoked, System.nanoTime() + limits.drainTimeout().toNanos());
        output.commit(offsets.advance(), consumer.groupMetadata());
        forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        Set<TopicPartition> lost = new HashSet<>(partitions);
        executor.discard(key -> lost.contains(key.partition()));
        forget(lost);
    }

    private void forget(Set<TopicPartition> partitions) {
        handOvers.forget(partitions);
        offsets.forget(partitions);
        output.forget(partitions);
        ledgers.forget(partitions.stream().map(TopicPartition::partition).toList());
    }

    private void handle(TokenEventHandler handler, List<ConsumerRecord<byte[], byte[]>> batch) {
        HandOver ranUnder = handOvers.of(batch.get(0));
        handler.handle(batch, ledgers, ranUnder, done -> finished.add(new Reported(done, ranUnder)));
    }

    private void settleFinished() {
        Reported done;
        while ((done = finished.poll()) != null) {
            settle(done);
        }
    }

    /** Work of an ownership of the partition that has ended is dropped: its records are delivered again. */
    private void settle(Reported reported) {
        Finished done = reported.done();
        ConsumerRecord<byte[], byte[]> record = done.record();
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (!handOvers.current(partition, reported.ranUnder())) {
            return;
        }
        if (done.handedOver()) {
            offsets.abandoned(partition, record.offset());
        } else {
            offsets.finished(partition, record.offset());
            output.add(partition, done);
        }
    }

    private void controlFlow() {
        int buffered = offsets.inFlight() + output.waiting();
        boolean down = gatewayDown.getAsBoolean();
        FlowControl.apply(consumer, buffered >= limits.maxBufferedRecords() || (down && buffered > 0));
        status.observe(consumer, buffered, down);
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - lastCommit >= limits.commitInterval().toNanos()) {
            output.commit(offsets.advance(), consumer.groupMetadata());
            lastCommit = now;
        }
    }

    private void abandon(List<ConsumerRecord<byte[], byte[]>> notStarted) {
        notStarted.forEach(record -> offsets.abandoned(new TopicPartition(record.topic(), record.partition()),
                record.offset()));
    }

    /** Waits, at most until the deadline ({@link System#nanoTime()}), until the started work of these partitions has finished. */
    private void awaitFinished(Set<TopicPartition> partitions, long deadline) {
        settleFinished();
        try {
            while (offsets.inFlight(partitions) > 0 && System.nanoTime() < deadline) {
                Reported done = finished.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (done != null) {
                    settle(done);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        settleFinished();
    }

    private void drainAndClose() {
        long deadline = System.nanoTime() + limits.drainTimeout().toNanos();
        handOvers.begin(consumer.assignment());
        List<ConsumerRecord<byte[], byte[]>> notStarted = executor.shutdown(limits.drainTimeout());
        abandon(notStarted);
        try {
            awaitFinished(consumer.assignment(), deadline);
            output.commit(offsets.advance(), consumer.groupMetadata());
            log.info("stopped: finished events committed; {} not started and {} unfinished are left to be delivered"
                    + " again", notStarted.size(), offsets.inFlight());
        } catch (RuntimeException notCommitted) {
            log.warn("could not commit on the way out; unfinished events will be delivered again", notCommitted);
        } finally {
            status.closed();
            consumer.close();
            output.close();
            ledgers.close();
            restorer.close();
        }
    }
}
