package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.apply.HandOver;
import io.tokenpolicy.worker.apply.KeyOrderedExecutor;
import io.tokenpolicy.worker.apply.Lane;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.SecurityLaneProperties;
import io.tokenpolicy.worker.events.RecordSize;
import io.tokenpolicy.worker.ledger.Ledgers;
import io.tokenpolicy.worker.outcomes.Finished;
import io.tokenpolicy.worker.outcomes.TransactionalOutput;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Each record polled, from the poll to its commit: handed to the key-ordered executor (events of one
 * token in order, in batches, many tokens at once), handled there under the hand-over of its partition's
 * ownership, and its finished work brought back to the polling thread, which adds its outputs to the
 * transaction and commits each partition up to its lowest unfinished record. Records whose partition is
 * handed over before their work started are abandoned: left, uncommitted, for the next owner.
 */
final class BatchDispatch {

    private static final Duration SETTLE_WAIT = Duration.ofMillis(50);

    private final KeyOrderedExecutor<OrderingKey, ConsumerRecord<byte[], byte[]>> executor;
    private final OffsetTracker offsets = new OffsetTracker();
    private final BlockingQueue<Reported> finished = new LinkedBlockingQueue<>();
    private final HandOvers handOvers;
    private final TransactionalOutput output;
    private final TokenEventHandler handler;
    private final Duration drainTimeout;
    private boolean shuttingDown;
    private long shutdownDeadline;

    BatchDispatch(
            TransactionalOutput output,
            Ledgers ledgers,
            ConcurrencyProperties limits,
            SecurityLaneProperties securityLane,
            TokenEventHandler handler) {
        this.output = output;
        this.handler = handler;
        this.drainTimeout = limits.drainTimeout();
        this.handOvers = new HandOvers();
        this.executor = new KeyOrderedExecutor<>(
                "token-worker",
                KeyOrderedExecutor.threads(securityLane.maxTokensInProgress(), limits.maxTokensInProgress()),
                limits.maxBatch(),
                BatchDispatch::partitionOf,
                (lane, batch, securityWaiting) -> handle(ledgers, batch, securityWaiting));
    }

    /** A record's finished work, with the hand-over of the partition's ownership it ran under. */
    private record Reported(Finished done, HandOver ranUnder) {}

    void submit(ConsumerRecord<byte[], byte[]> record, Lane lane) {
        TopicPartition partition = partitionOf(record);
        offsets.taken(partition, record.offset(), RecordSize.of(record));
        handOvers.taken(partition);
        executor.submit(OrderingKey.of(record), lane, record);
    }

    private static TopicPartition partitionOf(ConsumerRecord<byte[], byte[]> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private void handle(Ledgers ledgers, List<ConsumerRecord<byte[], byte[]>> batch, BooleanSupplier securityWaiting) {
        HandOver ranUnder = handOvers.of(batch.get(0));
        handler.handle(batch, ledgers, ranUnder, securityWaiting, done -> finished.add(new Reported(done, ranUnder)));
    }

    void settleFinished() {
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

    /**
     * Ends the hand-over of these partitions by the deadline ({@link System#nanoTime()}): waits for their started work,
     * commits what finished, and then, whether the commit went through or not, waits until no write of the instance is
     * in doubt ({@link TokenEventHandler#awaitWritesSettled}): the new owner reads the tokens at once, and a write of
     * this instance landing after that read would undo the new owner's.
     */
    void endHandOver(Set<TopicPartition> partitions, long deadline, ConsumerGroupMetadata group) {
        awaitFinished(partitions, deadline);
        try {
            commit(group);
        } finally {
            handler.awaitWritesSettled(deadline);
        }
    }

    /** Waits, at most until the deadline ({@link System#nanoTime()}), until the started work of these partitions has finished. */
    private void awaitFinished(Set<TopicPartition> partitions, long deadline) {
        settleFinished();
        try {
            while (offsets.inFlight(partitions) > 0 && System.nanoTime() < deadline) {
                Reported done = finished.poll(SETTLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (done != null) {
                    settle(done);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        settleFinished();
    }

    /**
     * When a hand-over that begins now must be done ({@link System#nanoTime()}): the drain timeout from now, or once the
     * worker is shutting down, the shutdown's deadline, which the hand-over of the partitions on its way out (the
     * consumer's close revokes them) does not extend.
     */
    long handOverDeadline() {
        return shuttingDown ? shutdownDeadline : System.nanoTime() + drainTimeout.toNanos();
    }

    /**
     * Begins the hand-over of these partitions, to be done by the deadline: their started work is told, and what has
     * not started is abandoned.
     */
    void handOver(Set<TopicPartition> partitions, long deadline) {
        handOvers.begin(partitions, deadline);
        abandon(discard(partitions));
    }

    /**
     * These partitions were lost: their started work stops before its next gateway call or intent, so that no write
     * goes out after a new owner has read the ledger, and what had not started is dropped.
     */
    void lost(Set<TopicPartition> partitions) {
        handOvers.lost(partitions);
        discard(partitions);
    }

    /** Drops the records of these partitions whose work has not started, and returns them. */
    List<ConsumerRecord<byte[], byte[]>> discard(Set<TopicPartition> partitions) {
        return executor.discard(record -> partitions.contains(partitionOf(record)));
    }

    /**
     * Begins the hand-over of every partition held and stops the executor, giving started work the drain
     * timeout; returns how many records had not started.
     */
    int shutdown(Set<TopicPartition> held) {
        shutdownDeadline = handOverDeadline();
        shuttingDown = true;
        handOvers.begin(held, shutdownDeadline);
        List<ConsumerRecord<byte[], byte[]>> notStarted =
                executor.shutdown(Duration.ofNanos(Math.max(0, shutdownDeadline - System.nanoTime())));
        abandon(notStarted);
        return notStarted.size();
    }

    private void abandon(List<ConsumerRecord<byte[], byte[]>> notStarted) {
        notStarted.forEach(
                record -> offsets.abandoned(new TopicPartition(record.topic(), record.partition()), record.offset()));
    }

    /** Publishes the finished records' outputs with the offsets they complete, in one transaction. */
    void commit(ConsumerGroupMetadata group) {
        output.commit(offsets.advance(), group);
    }

    void forget(Set<TopicPartition> partitions) {
        handOvers.forget(partitions);
        offsets.forget(partitions);
        output.forget(partitions);
    }

    /** Records taken and neither finished nor abandoned. */
    int inFlight() {
        return offsets.inFlight();
    }

    /** Records held here: unfinished, or finished and waiting for their transaction. */
    int buffered() {
        return offsets.inFlight() + output.waiting();
    }

    /** Bytes held here: of the records unfinished, and of the outputs of those waiting for their transaction. */
    long bufferedBytes() {
        return offsets.bytesInFlight() + output.waitingBytes();
    }

    /** Records of these partitions taken and neither finished nor abandoned. */
    int inFlight(Set<TopicPartition> partitions) {
        return offsets.inFlight(partitions);
    }
}
