package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.events.PartitionRule;
import io.tokenpolicy.worker.ledger.LedgerRestorer;
import io.tokenpolicy.worker.ledger.Ledgers;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-over of partitions when the group rebalances, run on the polling thread. A partition's ledger is
 * restored when the first input topic's partition of its number is assigned (the events topic's and the security
 * topic's partition p share ledger partition p). When partitions are taken away, their started work is given the drain timeout
 * to finish (work waiting on retries that would outlast it stops at once) and is committed, and what had not
 * started is left for the new owner. Partitions lost without a hand-over are only forgotten.
 */
final class Rebalances implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(Rebalances.class);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final PartitionRule partitionRule;
    private final Ledgers ledgers;
    private final LedgerRestorer restorer;
    private final BatchDispatch dispatch;
    private final Duration drainTimeout;

    Rebalances(
            Consumer<byte[], byte[]> consumer,
            String topic,
            PartitionRule partitionRule,
            Ledgers ledgers,
            LedgerRestorer restorer,
            BatchDispatch dispatch,
            Duration drainTimeout) {
        this.consumer = consumer;
        this.topic = topic;
        this.partitionRule = partitionRule;
        this.ledgers = ledgers;
        this.restorer = restorer;
        this.dispatch = dispatch;
        this.drainTimeout = drainTimeout;
    }

    /** Also reads the events topic's partition count again: adding partitions to it causes a rebalance. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        partitionRule.partitions(consumer.partitionsFor(topic).size());
        List<Integer> numbers = partitions.stream()
                .map(TopicPartition::partition)
                .distinct()
                .filter(number -> ledgers.of(number) == null)
                .toList();
        if (!numbers.isEmpty()) {
            ledgers.restored(restorer.restore(numbers));
            log.info("assigned {}; ledger restored, {} entries held", partitions, ledgers.size());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Set<TopicPartition> revoked = new HashSet<>(partitions);
        dispatch.handOver(revoked);
        dispatch.awaitFinished(revoked, System.nanoTime() + drainTimeout.toNanos());
        dispatch.commit(consumer.groupMetadata());
        forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        Set<TopicPartition> lost = new HashSet<>(partitions);
        dispatch.discard(lost);
        forget(lost);
    }

    /** A partition's ledger is forgotten once neither input topic's partition of that number is held. */
    private void forget(Set<TopicPartition> partitions) {
        dispatch.forget(partitions);
        Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
        kept.removeAll(partitions);
        Set<Integer> stillHeld = kept.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        ledgers.forget(partitions.stream()
                .map(TopicPartition::partition)
                .filter(number -> !stillHeld.contains(number))
                .distinct()
                .toList());
    }
}
