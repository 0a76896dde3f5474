package io.tokenpolicy.worker.drift;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.TokenList;
import io.tokenpolicy.worker.config.DriftProperties;
import io.tokenpolicy.worker.ops.ConsumerSnapshot;
import io.tokenpolicy.worker.ops.ConsumerStatus;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's background drift sweep: every {@code interval}, a pass over the tokens of the events partitions the
 * instance holds now (their partitions of the policy-view topic, read to the end), within the sweep's share of the
 * rate limit and only while the instance has no event waiting ({@link SweepAdmission}). A pass that fails is counted
 * and logged; the next one comes at its time.
 */
public final class DriftSweep implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DriftSweep.class);

    private final ConsumerStatus status;
    private final String eventsTopic;
    private final String viewTopic;
    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final DriftWatch watch;
    private final WorkerMetrics metrics;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "drift-sweep");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param callsPerWindow the sweep's share of the rate limit, in calls per {@code window}; a call waits for its
     *     turn up to a window more than {@code drift.call-wait}, as its share comes back a window after its answers
     */
    public DriftSweep(
            DriftProperties drift,
            int callsPerWindow,
            Duration window,
            TokenList gateway,
            CallAdmission instance,
            ConsumerStatus status,
            String eventsTopic,
            String viewTopic,
            String driftTopic,
            String securityTopic,
            Supplier<Consumer<byte[], byte[]>> readers,
            Producer<byte[], byte[]> producer,
            WorkerMetrics metrics,
            Clock clock) {
        this.status = status;
        this.eventsTopic = eventsTopic;
        this.viewTopic = viewTopic;
        this.readers = readers;
        this.metrics = metrics;
        SweepAdmission admission =
                new SweepAdmission(instance, callsPerWindow, window, this::noEventWaits, System::nanoTime);
        this.watch = new DriftWatch(
                new DriftPass(gateway, admission, drift.pageSize(), window.plus(drift.callWait())),
                producer,
                driftTopic,
                securityTopic,
                drift.enforce(),
                metrics,
                clock);
        long every = drift.sweep().interval().toMillis();
        schedule.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Whether the instance's consumer holds no event that is not finished, and the gateway is up. */
    private boolean noEventWaits() {
        ConsumerSnapshot now = status.snapshot();
        return now.polling() && now.bufferedRecords() == 0 && !now.gatewayDown();
    }

    private void sweep() {
        List<TopicPartition> held = status.snapshot().partitions().keySet().stream()
                .filter(name -> name.lastIndexOf('-') > 0
                        && name.substring(0, name.lastIndexOf('-')).equals(eventsTopic))
                .map(name -> new TopicPartition(viewTopic, Integer.parseInt(name.substring(name.lastIndexOf('-') + 1))))
                .toList();
        if (held.isEmpty()) {
            return;
        }
        List<ViewedToken> viewed;
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            viewed = PolicyViewTopic.read(reader, held);
        } catch (RuntimeException unread) {
            metrics.driftPass(false);
            log.warn("drift sweep could not read the policy views; the next one comes at its time", unread);
            return;
        }
        try {
            DriftWatch.Report report = watch.run(viewed);
            log.info(
                    "drift sweep {}: {} tokens compared, {} findings, {} gateway calls",
                    report.passId(),
                    report.result().compared(),
                    report.published().size(),
                    report.result().calls());
        } catch (RuntimeException failed) {
            log.warn("drift sweep failed; the next one comes at its time", failed);
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
