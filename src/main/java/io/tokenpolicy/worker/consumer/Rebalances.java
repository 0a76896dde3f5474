package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.apply.RateLimitShare;
import io.tokenpolicy.worker.events.PartitionRule;
import io.tokenpolicy.worker.ledger.LedgerRestorer;
import io.tokenpolicy.worker.ledger.Ledgers;
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
 * The hand-over of partitions when the group rebalances, run on the polling thread. Ledger partition p is restored
 * when partition p of the events topic is assigned, and serves partition p of the security topic too, which is
 * fetched only while both are held ({@link InputTopics#unpaired}). When partitions are taken away, their started work is given the drain timeout
 * to finish (work waiting on retries that would outlast it stops at once) and is committed, what had not started is
 * left for the new owner, and they are let go of once no write of the instance is in doubt, within the same drain
 * timeout ({@link BatchDispatch#endHandOver}). Partitions lost without a hand-over are forgotten, and their started
 * work stops before its next gateway call or intent, since a new owner may be reading their ledger already. Each of
 * the three tells the instance's share of the gateway's rate limit which partitions of the events topic it holds from
 * then on.
 */
final class Rebalances implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(Rebalances.class);

    private final Consumer<byte[], byte[]> consumer;
    private final InputTopics topics;
    private final PartitionRule partitionRule;
    private final Ledgers ledgers;
    private final LedgerRestorer restorer;
    private final BatchDispatch dispatch;
    private final RateLimitShare share;

    Rebalances(
            Consumer<byte[], byte[]> consumer,
            InputTopics topics,
            PartitionRule partitionRule,
            Ledgers ledgers,
            LedgerRestorer restorer,
            BatchDispatch dispatch,
            RateLimitShare share) {
        this.consumer = consumer;
        this.topics = topics;
        this.partitionRule = partitionRule;
        this.ledgers = ledgers;
        this.restorer = restorer;
        this.dispatch = dispatch;
        this.share = share;
    }

    /** Also reads the events topic's partition count again: adding partitions to it causes a rebalance. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        int partitionCount = consumer.partitionsFor(topics.events()).size();
        partitionRule.partitions(partitionCount);
        share.assigned(numbers(topics.events(consumer.assignment())), partitionCount);
        pauseUnpaired();
        List<Integer> numbers = topics.events(new HashSet<>(partitions)).stream()
                .map(TopicPartition::partition)
                .filter(number -> ledgers.of(number) == null)
                .toList();
        if (!numbers.isEmpty()) {
            ledgers.restored(restorer.restore(numbers));
            log.info("assigned {}; ledger restored, {} entries held", partitions, ledgers.size());
        }
    }

    /** Before anything is fetched from them (docs/design.md, the security lane). */
    private void pauseUnpaired() {
        Set<TopicPartition> unpaired = topics.unpaired(consumer.assignment());
        if (!unpaired.isEmpty()) {
            consumer.pause(unpaired);
            log.warn(
                    "{} held without the partitions of {} of the same numbers, which another instance holds (one"
                            + " subscribed to {} alone: a version before the security lane, or another security topic"
                            + " configured): not fetched until the group is all of one version",
                    unpaired,
                    topics.events(),
                    topics.events());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Set<TopicPartition> revoked = new HashSet<>(partitions);
        long deadline = dispatch.handOverDeadline();
        dispatch.handOver(revoked, deadline);
        dispatch.endHandOver(revoked, deadline, consumer.groupMetadata());
        forget(revoked);
        share.revoked(numbers(topics.events(revoked)));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        Set<TopicPartition> lost = new HashSet<>(partitions);
        dispatch.lost(lost);
        forget(lost);
        share.lost(numbers(topics.events(lost)));
    }

    /** Ledger partition p is held exactly while partition p of the events topic is. */
    private void forget(Set<TopicPartition> partitions) {
        dispatch.forget(partitions);
        ledgers.forget(List.copyOf(numbers(topics.events(partitions))));
    }

    static Set<Integer> numbers(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
