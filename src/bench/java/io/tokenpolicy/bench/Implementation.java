package io.tokenpolicy.bench;

import java.util.Arrays;

/**
 * The implementations the benchmark can measure, each run as its own JVM: this worker and the
 * designs a user would pick instead of it. The name is what {@code -Dbench.impls} accepts.
 */
enum Implementation {

    /** Baseline 1: a Spring {@code @KafkaListener} with {@code concurrency} = partitions. */
    PLAIN("plain", "plain @KafkaListener", "io.tokenpolicy.bench.plain.PlainListenerBench"),

    /** Baseline 2: Confluent Parallel Consumer, KEY order, the worker's in-flight limit. */
    PC("pc", "Parallel Consumer (KEY)", "io.tokenpolicy.bench.pc.ParallelConsumerBench"),

    /** The S4 baseline: consume, parse, produce a JSON outcome, no gateway call. */
    RELAY("relay", "plain JSON relay", "io.tokenpolicy.bench.relay.JsonRelayBench"),

    /** This worker, started by its own main class; in S5 its incidents go to its security topic (the lane). */
    WORKER("worker", "token-policy-worker", "io.tokenpolicy.worker.TokenPolicyWorkerApplication"),

    /** S5 only: the same worker with its incidents on {@code token-events}, as producers that cannot change send them. */
    WORKER_LEGACY(
            "worker-legacy",
            "token-policy-worker, incidents on token-events",
            "io.tokenpolicy.worker.TokenPolicyWorkerApplication");

    private final String id;
    private final String title;
    private final String mainClass;

    Implementation(String id, String title, String mainClass) {
        this.id = id;
        this.title = title;
        this.mainClass = mainClass;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    String mainClass() {
        return mainClass;
    }

    boolean isWorker() {
        return this == WORKER || this == WORKER_LEGACY;
    }

    /** Whether S5 publishes this implementation's incidents to the security topic rather than to the events topic. */
    boolean incidentsOnLane() {
        return this == WORKER;
    }

    static Implementation byId(String id) {
        return Arrays.stream(values())
                .filter(implementation -> implementation.id.equalsIgnoreCase(id.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown implementation '" + id
                        + "' in bench.impls; known: plain, pc, relay, worker, worker-legacy"));
    }
}
