package io.tokenpolicy.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where and how the figures were taken, printed above them: throughput on a 2-core machine means
 * little without the machine, the scale and the date.
 */
record BenchEnvironment(
        String date,
        int cores,
        String memory,
        String java,
        String os,
        double scale,
        String scenarios,
        String implementations,
        String workerArgs,
        boolean relayTransactional,
        String jvmOptions,
        String harnessJvmOptions,
        long wallSeconds) {

    static BenchEnvironment of(BenchSettings settings, Instant started) {
        return new BenchEnvironment(
                started.truncatedTo(ChronoUnit.SECONDS).toString(),
                Runtime.getRuntime().availableProcessors(),
                memTotal(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                settings.scale(),
                String.join(",", settings.scenarios()),
                String.join(
                        ",",
                        settings.implementations().stream()
                                .map(Implementation::id)
                                .toList()),
                String.join(" ", settings.workerArgs()),
                settings.relayTransactional(),
                String.join(" ", settings.jvmOptions()),
                ownJvmOptions(),
                Duration.between(started, Instant.now()).toSeconds());
    }

    String markdown() {
        return "Run " + date + " on " + cores + " cores, " + memory + " RAM, " + java + ", " + os + ".  \n"
                + "Scale " + scale + ", scenarios " + scenarios + ", implementations " + implementations
                + ", worker args `" + workerArgs + "`, relay transactional: " + relayTransactional
                + ". Whole benchmark: " + wallSeconds + " s.  \n"
                + "Every implementation in its own JVM with " + ChildJvm.MAX_HEAP
                + (jvmOptions.isEmpty() ? "" : " " + jvmOptions) + "; the harness (broker, emulator, load, collector) "
                + "in one JVM with " + harnessJvmOptions + "; gateway latency 20 ms.\n";
    }

    /** The harness JVM's own options, without the {@code -Dbench.*} settings already shown. */
    private static String ownJvmOptions() {
        return String.join(
                " ",
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(option -> !option.startsWith("-D"))
                        .toList());
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB")
                    .findFirst()
                    .orElse("?");
        } catch (IOException | RuntimeException unknown) {
            return "?";
        }
    }
}
