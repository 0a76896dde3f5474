package io.tokenpolicy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark run measures, from system properties (the bench profile passes them on from
 * the Maven command line), so a quick smoke run and a full run are the same command.
 *
 * @param target             the build directory: classes, classpath files, and {@code bench/} for results
 * @param scale              factor on every scenario's event count ({@code bench.scale}, default 1)
 * @param scenarios          scenario names to run ({@code bench.scenarios}, default S1..S4; S5 when named)
 * @param implementations    implementations to run ({@code bench.impls}, default all)
 * @param workerArgs         extra arguments for the worker's command line ({@code bench.worker.args})
 * @param runTimeout         the longest one implementation may take on one scenario ({@code bench.run.timeout}, s)
 * @param relayTransactional whether the relay uses transactions ({@code bench.relay.transactional}); by
 *                           default it does, as the worker always does
 * @param jvmOptions         JVM options for every implementation's JVM ({@code bench.jvm}); by default
 *                           {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}, the JIT and GC settings of
 *                           the worker's image
 * @param workerJvmOptions   extra JVM options for the worker, e.g. a profiler ({@code bench.worker.jvm})
 * @param warmUp             events every implementation processes untimed before S1 and S2, a quarter of
 *                           them before S3 ({@code bench.warmup}, default 4,000, scaled like the events)
 */
record BenchSettings(
        Path target,
        double scale,
        List<String> scenarios,
        List<Implementation> implementations,
        List<String> workerArgs,
        Duration runTimeout,
        boolean relayTransactional,
        List<String> jvmOptions,
        List<String> workerJvmOptions,
        int warmUp) {

    static BenchSettings fromSystemProperties() {
        Path target = Path.of(System.getProperty("bench.target", "target")).toAbsolutePath();
        List<String> workerArgs = spaced(System.getProperty("bench.worker.args", ""));
        return new BenchSettings(
                target,
                Double.parseDouble(System.getProperty("bench.scale", "1")),
                words(System.getProperty("bench.scenarios", "S1,S2,S3,S4")).stream()
                        .map(String::toUpperCase)
                        .toList(),
                words(System.getProperty("bench.impls", "plain,pc,relay,worker")).stream()
                        .map(Implementation::byId)
                        .toList(),
                workerArgs,
                Duration.ofSeconds(Long.parseLong(System.getProperty("bench.run.timeout", "90"))),
                Boolean.parseBoolean(System.getProperty("bench.relay.transactional", "true")),
                spaced(System.getProperty("bench.jvm", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")),
                spaced(System.getProperty("bench.worker.jvm", "")),
                Integer.parseInt(System.getProperty("bench.warmup", "4000")));
    }

    Path results() {
        return target.resolve("bench");
    }

    /** Whether to run it; {@code worker} also selects S5's second worker row ({@code worker-legacy}). */
    boolean runs(Scenario scenario, Implementation implementation) {
        boolean selected = implementations.contains(implementation)
                || (implementation == Implementation.WORKER_LEGACY && implementations.contains(Implementation.WORKER));
        return scenarios.contains(scenario.name()) && selected;
    }

    private static List<String> spaced(String list) {
        return Arrays.stream(list.trim().split("\\s+"))
                .filter(arg -> !arg.isEmpty())
                .toList();
    }

    private static List<String> words(String list) {
        return Arrays.stream(list.trim().split("[,\\s]+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }
}
