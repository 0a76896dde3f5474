package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.apply.RateLimitShare;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.SecurityLaneProperties;
import io.tokenpolicy.worker.events.PartitionRule;
import io.tokenpolicy.worker.ledger.LedgerRestorer;
import io.tokenpolicy.worker.ledger.Ledgers;
import io.tokenpolicy.worker.ops.ConsumerStatus;
import io.tokenpolicy.worker.outcomes.TransactionalOutput;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling loop. One thread owns the Kafka consumer and the transactional producer: it
 * polls, hands records out ({@link BatchDispatch}: events of one token in order, many
 * tokens at once), pauses fetching while too many records are unfinished or while the gateway
 * is down and records wait for it (an outage holds no more than what was fetched before it,
 * and a worker holding nothing still fetches, so that there is a call to probe with), and regularly
 * publishes the finished records' outputs together with the offsets they complete, in one
 * transaction; a record found on another partition than its token's own ({@link PartitionRule})
 * is forwarded there in that transaction. Partitions are committed up to their lowest unfinished
 * record. When partitions are assigned or taken away, {@link Rebalances} restores their ledger or
 * hands them over; when the loop stops, started work is given the drain timeout to finish and is
 * committed, and what had not started is left to be delivered again.
 */
final class TokenEventConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TokenEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Consumer<byte[], byte[]> consumer;
    private final TransactionalOutput output;
    private final Ledgers ledgers;
    private final LedgerRestorer restorer;
    private final InputTopics topics;
    private final ConcurrencyProperties limits;
    private final SecurityLaneProperties securityLane;
    private final LaneOf lanes;
    private final ConsumerStatus status;
    private final BatchDispatch dispatch;
    private final Rebalances rebalances;
    private final RateLimitShare share;
    private final BooleanSupplier gatewayDown;
    private volatile boolean running = true;
    private long lastCommit;

    TokenEventConsumer(
            Consumer<byte[], byte[]> consumer,
            TransactionalOutput output,
            Ledgers ledgers,
            LedgerRestorer restorer,
            InputTopics topics,
            ConcurrencyProperties limits,
            SecurityLaneProperties securityLane,
            LaneOf lanes,
            TokenEventHandler handler,
            PartitionRule partitionRule,
            BooleanSupplier gatewayDown,
            RateLimitShare share,
            ConsumerStatus status) {
        this.consumer = consumer;
        this.output = output;
        this.ledgers = ledgers;
        this.restorer = restorer;
        this.topics = topics;
        this.limits = limits;
        this.securityLane = securityLane;
        this.lanes = lanes;
        this.status = status;
        this.gatewayDown = gatewayDown;
        this.share = share;
        this.dispatch = new BatchDispatch(output, ledgers, limits, securityLane, handler);
        this.rebalances = new Rebalances(consumer, topics, partitionRule, ledgers, restorer, dispatch, share);
    }

    @Override
    public void run() {
        consumer.subscribe(topics.both(), rebalances);
        try {
            while (running) {
                dispatch.settleFinished();
                commitIfDue();
                controlFlow();
                consumer.poll(POLL).forEach(record -> dispatch.submit(record, lanes.of(record)));
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

    /**
     * Each lane fetches until it holds its own cap, so a billing backlog never stops the security topic from being
     * fetched; while the gateway is down and records wait for it, neither fetches. A security partition held without
     * its events partition is not fetched at all ({@link InputTopics#unpaired}).
     */
    private void controlFlow() {
        int buffered = dispatch.buffered();
        long bufferedBytes = dispatch.bufferedBytes();
        boolean down = gatewayDown.getAsBoolean();
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> events = topics.events(assigned);
        Set<TopicPartition> unpaired = topics.unpaired(assigned);
        Set<TopicPartition> security = topics.security(assigned);
        security.removeAll(unpaired);
        boolean outage = down && buffered > 0;
        boolean full = buffered >= limits.maxBufferedRecords()
                || bufferedBytes >= limits.maxBufferedBytes().toBytes();
        FlowControl.apply(consumer, events, outage || full);
        FlowControl.apply(
                consumer, security, outage || dispatch.inFlight(security) >= securityLane.maxBufferedRecords());
        FlowControl.apply(consumer, unpaired, true);
        status.observe(consumer, buffered, bufferedBytes, down);
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - lastCommit >= limits.commitInterval().toNanos()) {
            dispatch.commit(consumer.groupMetadata());
            lastCommit = now;
        }
    }

    private void drainAndClose() {
        int notStarted = dispatch.shutdown(consumer.assignment());
        long deadline = dispatch.handOverDeadline();
        try {
            dispatch.endHandOver(consumer.assignment(), deadline, consumer.groupMetadata());
            log.info(
                    "stopped: finished events committed; {} not started and {} unfinished are left to be delivered"
                            + " again",
                    notStarted,
                    dispatch.inFlight());
        } catch (RuntimeException notCommitted) {
            log.warn("could not commit on the way out; unfinished events will be delivered again", notCommitted);
        } finally {
            close();
        }
    }

    /**
     * A consumer closed has left the group: what it held counts as lost for the rate limit's share, so that a loop
     * replacing this one counts it again only as a gain, which another instance may have held meanwhile.
     */
    private void close() {
        status.closed();
        Set<TopicPartition> held = topics.events(consumer.assignment());
        consumer.close();
        share.lost(Rebalances.numbers(held));
        output.close();
        ledgers.close();
        restorer.close();
    }
}
