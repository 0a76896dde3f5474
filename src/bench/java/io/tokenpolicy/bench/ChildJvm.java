package io.tokenpolicy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An implementation under test in its own JVM ({@code -Xmx256m}, the limit the worker must hold),
 * so that its heap and resident memory are its own: the peak RSS is the kernel's {@code VmHWM} of
 * the process, the heap figures come from {@link BenchLauncher}. Output goes to a log file.
 */
final class ChildJvm implements AutoCloseable {

    static final String MAX_HEAP = "-Xmx256m";

    private final Process process;
    private final Path heapReport;
    private final Path log;

    private ChildJvm(Process process, Path heapReport, Path log) {
        this.process = process;
        this.heapReport = heapReport;
        this.log = log;
    }

    static ChildJvm start(
            String classpath, List<String> jvmOptions, String mainClass, List<String> args, Path logDir, String name) {
        Path heapReport = logDir.resolve(name + ".heap");
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(
                List.of(javaCommand(), MAX_HEAP, "-Dbench.heap.report=" + heapReport, "-cp", classpath));
        command.addAll(jvmOptions);
        command.add(BenchLauncher.class.getName());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logDir);
            Files.deleteIfExists(heapReport);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ChildJvm(process, heapReport, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** The process's peak resident set size so far, in bytes; -1 where {@code /proc} cannot tell. */
    long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Stops the JVM as a supervisor would (SIGTERM, then SIGKILL after 30 s) and reads its heap figures. */
    HeapFigures stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return readHeapReport();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private HeapFigures readHeapReport() {
        Properties report = new Properties();
        try (var in = Files.newInputStream(heapReport)) {
            report.load(in);
            return new HeapFigures(
                    Long.parseLong(report.getProperty("peakHeapUsed", "-1")),
                    Long.parseLong(report.getProperty("peakHeapAfterGc", "-1")));
        } catch (IOException | RuntimeException missing) {
            return new HeapFigures(-1, -1);
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Heap used at its peak, and the most still used right after a GC (an upper bound of the live set). */
    record HeapFigures(long peakUsedBytes, long peakAfterGcBytes) {}
}
