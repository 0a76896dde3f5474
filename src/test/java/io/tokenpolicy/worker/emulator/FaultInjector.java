package io.tokenpolicy.worker.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/** Decides which calls fail and how, and how long every call takes. */
final class FaultInjector {

    private final Queue<Fault> queued = new ConcurrentLinkedQueue<>();

    private final Queue<Fault> queuedForWrites = new ConcurrentLinkedQueue<>();

    private volatile Duration latency = Duration.ZERO;

    private volatile Duration timeoutHold = Duration.ofSeconds(30);

    private volatile Duration writeAnswerHold = Duration.ZERO;

    private volatile boolean down;

    private volatile FaultRate rate = new FaultRate(0, List.of());

    void failNext(int calls, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        for (int i = 0; i < calls; i++) {
            queued.add(fault);
        }
    }

    void failNextWrites(int calls, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        for (int i = 0; i < calls; i++) {
            queuedForWrites.add(fault);
        }
    }

    void rate(double probability, Fault... faults) {
        if (probability < 0 || probability > 1 || (probability > 0 && faults.length == 0)) {
            throw new IllegalArgumentException("probability must be in [0, 1], with faults to pick from");
        }
        rate = new FaultRate(probability, List.of(faults));
    }

    /** The fault for the next call on the route, or {@code null} when it goes through. */
    Fault next(Route route) {
        Fault fault = route.writes() ? queuedForWrites.poll() : null;
        fault = fault != null ? fault : queued.poll();
        return fault != null ? fault : rate.pick();
    }

    void latency(Duration latency) {
        this.latency = nonNegative(latency);
    }

    Duration latency() {
        return latency;
    }

    void timeoutHold(Duration timeoutHold) {
        this.timeoutHold = nonNegative(timeoutHold);
    }

    Duration timeoutHold() {
        return timeoutHold;
    }

    void writeAnswerHold(Duration hold) {
        this.writeAnswerHold = nonNegative(hold);
    }

    Duration writeAnswerHold() {
        return writeAnswerHold;
    }

    void down(boolean down) {
        this.down = down;
    }

    boolean down() {
        return down;
    }

    void clear() {
        queued.clear();
        queuedForWrites.clear();
        rate = new FaultRate(0, List.of());
        down = false;
    }

    private static Duration nonNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        return duration;
    }

    private record FaultRate(double probability, List<Fault> faults) {

        Fault pick() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (probability == 0 || random.nextDouble() >= probability) {
                return null;
            }
            return faults.get(random.nextInt(faults.size()));
        }
    }
}
