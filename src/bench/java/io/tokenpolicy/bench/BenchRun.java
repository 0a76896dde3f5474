package io.tokenpolicy.bench;

import io.tokenpolicy.bench.ChildJvm.HeapFigures;
import io.tokenpolicy.bench.OutcomeCollector.Seen;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.sandbox.SandboxKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One implementation on one scenario: fresh topics and gateway, the implementation started and
 * given time to join its group, a warm-up processed untimed and the counters reset, then the
 * events published at once and timed until the last outcome (in S5, until its incidents are
 * done: {@link IncidentWatch}).
 */
final class BenchRun {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final long RATE_WINDOW_MS = 1_000;

    private final SandboxKafkaBroker broker;
    private final ChildLaunch launch;
    private final Duration runTimeout;

    BenchRun(SandboxKafkaBroker broker, ChildLaunch launch, Duration runTimeout) {
        this.broker = broker;
        this.launch = launch;
        this.runTimeout = runTimeout;
    }

    RunResult run(Scenario scenario, Implementation implementation) {
        RunTopics topics = RunTopics.of(scenario, implementation);
        int p = topics.partitions();
        broker.createTopics(topics.all());
        String bootstrap = broker.bootstrapServers();
        try (TokenApiEmulator gateway = BenchGateway.start(scenario);
                LoadPublisher publisher = new LoadPublisher(bootstrap, topics.events());
                OutcomeCollector collector = new OutcomeCollector(bootstrap, topics.outcomes(), p, publisher);
                ChildJvm child = launch.start(
                        implementation,
                        topics,
                        scenario.rateLimit(),
                        gateway.baseUrl(),
                        scenario.name() + "-" + implementation.id())) {
            GroupReadiness.await(bootstrap, topics.group(), topics.events(), p, READY_TIMEOUT, child::isAlive);
            List<PlannedEvent> timed = prepare(scenario, topics, publisher, collector, gateway, child);
            Ending ending = scenario.incidents() > 0
                    ? new IncidentWatch(scenario, implementation, topics, publisher, gateway, collector, child::isAlive)
                    : (first, startNanos) -> new Ended(awaitOutcomes(collector, timed.size(), child, startNanos), null);
            return measure(scenario, implementation, timed, publisher, collector, gateway, child, ending);
        } catch (RuntimeException failed) {
            return RunResult.failed(scenario.name(), implementation, scenario.events(), failed.getMessage());
        }
    }

    /** Processes the warm-up untimed and resets the counters; returns the timed events. */
    private List<PlannedEvent> prepare(
            Scenario scenario,
            RunTopics topics,
            LoadPublisher publisher,
            OutcomeCollector collector,
            TokenApiEmulator gateway,
            ChildJvm child) {
        List<PlannedEvent> warmUp = EventLoad.warmUp(scenario, topics.prefix());
        publisher.publish(warmUp);
        if (!awaitOutcomes(collector, warmUp.size(), child, System.nanoTime())) {
            throw new IllegalStateException("the " + warmUp.size() + " warm-up events did not all get outcomes");
        }
        gateway.resetCounters();
        collector.newPhase();
        return scenario.duplicatesOnly()
                ? EventLoad.duplicatesOf(warmUp, scenario.events())
                : EventLoad.distinct(scenario, topics.prefix());
    }

    private RunResult measure(
            Scenario scenario,
            Implementation implementation,
            List<PlannedEvent> timed,
            LoadPublisher publisher,
            OutcomeCollector collector,
            TokenApiEmulator gateway,
            ChildJvm child,
            Ending ending) {
        long startNanos = System.nanoTime();
        CpuMeter.Snapshot cpuBefore = CpuMeter.take(child.pid());
        CompletableFuture<Long> firstWindow429s = CompletableFuture.supplyAsync(
                gateway::tooManyRequestsAnswered,
                CompletableFuture.delayedExecutor(RATE_WINDOW_MS, TimeUnit.MILLISECONDS));
        long firstPublished = publisher.publish(timed);
        Ended ended = ending.await(firstPublished, startNanos);
        Seen seen = collector.seen();
        CpuMeter.Snapshot cpuAfter = CpuMeter.take(child.pid());
        long rss = child.peakRssBytes();
        HeapFigures heap = child.stop();
        long calls = BenchGateway.apiCalls(gateway);
        long tooMany = gateway.tooManyRequestsAnswered();
        double seconds = Math.max(1, seen.lastSeenMs() - firstPublished) / 1000.0;
        return new RunResult(
                scenario.name(),
                implementation,
                ended.complete(),
                null,
                timed.size(),
                seen.outcomes(),
                seconds,
                seen.outcomes() / seconds,
                calls,
                (double) calls / timed.size(),
                gateway.peakCallsInFlight(),
                seen.latencyPercentile(0.50),
                seen.latencyPercentile(0.99),
                tooMany,
                tooMany - firstWindow429s.getNow(tooMany),
                heap.peakUsedBytes(),
                heap.peakAfterGcBytes(),
                rss,
                cpuAfter.childSecondsSince(cpuBefore),
                cpuAfter.harnessSecondsSince(cpuBefore),
                cpuAfter.othersShareSince(cpuBefore),
                seen.results(),
                ended.incidents());
    }

    /** What the timed phase waits for once its events are published. */
    interface Ending {
        Ended await(long firstPublishedMs, long startNanos);
    }

    /**
     * How the timed phase ended: whether it saw what it waited for (every outcome; in S5, every
     * incident's token disabled), and S5's incident figures ({@code null} in the other scenarios).
     */
    record Ended(boolean complete, IncidentFigures incidents) {}

    /** Waits for {@code expected} outcomes; {@code false} if the JVM died, stalled or ran out of time. */
    private boolean awaitOutcomes(OutcomeCollector collector, long expected, ChildJvm child, long startNanos) {
        long deadline = startNanos + runTimeout.toNanos();
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        while (collector.outcomes() < expected) {
            long now = System.nanoTime();
            if (collector.outcomes() != lastCount) {
                lastCount = collector.outcomes();
                lastProgress = now;
            }
            if (!child.isAlive() || now > deadline || now - lastProgress > STALL_TIMEOUT.toNanos()) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", interrupted);
        }
    }
}
