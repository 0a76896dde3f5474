package io.tokenpolicy.worker.soak;

import io.tokenpolicy.worker.fixtures.JvmSample;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The worker JVMs of one consumer group ({@code -Xmx256m} each), by slot: started, killed, stopped and started
 * again, with a count of each, and what each wrote.
 */
final class WorkerGroup implements AutoCloseable {

    private final String run;
    private final Map<String, Object> settings;
    private final WorkerJvm[] slots;
    private int kills;
    private int stops;
    private int starts;

    WorkerGroup(String run, int size, Map<String, Object> settings) {
        this.run = run;
        this.settings = settings;
        this.slots = new WorkerJvm[size];
    }

    synchronized void start(int slot) {
        if (slots[slot] == null || !slots[slot].isAlive()) {
            slots[slot] = WorkerJvm.start("soak-" + run + "-" + slot, settings);
            starts++;
        }
    }

    void startAll() {
        IntStream.range(0, slots.length).forEach(this::start);
    }

    /** SIGKILL of a random running worker, then its restart; nothing when none runs. */
    synchronized void killOneAndRestart(Random random) {
        List<Integer> running = running();
        if (!running.isEmpty()) {
            int slot = running.get(random.nextInt(running.size()));
            slots[slot].kill();
            kills++;
            start(slot);
        }
    }

    /** SIGTERM: the worker drains and leaves the group, which moves its partitions. */
    synchronized void stop(int slot) {
        if (slots[slot] != null && slots[slot].isAlive()) {
            slots[slot].close();
            stops++;
        }
    }

    /** Each running worker's heap after a full GC, resident memory, threads and sockets. */
    synchronized List<JvmSample> sample() {
        return running().stream().map(slot -> JvmSample.of(slots[slot].pid())).toList();
    }

    /** Everything the workers of the run wrote, each slot's earlier JVMs included (they share its log). */
    synchronized String output() {
        return Arrays.stream(slots)
                .filter(Objects::nonNull)
                .map(WorkerJvm::output)
                .collect(Collectors.joining());
    }

    synchronized int kills() {
        return kills;
    }

    synchronized int stops() {
        return stops;
    }

    synchronized int starts() {
        return starts;
    }

    private List<Integer> running() {
        return IntStream.range(0, slots.length)
                .filter(slot -> slots[slot] != null && slots[slot].isAlive())
                .boxed()
                .toList();
    }

    @Override
    public synchronized void close() {
        running().forEach(slot -> slots[slot].close());
    }
}
