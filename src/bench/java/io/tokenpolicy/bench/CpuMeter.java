package io.tokenpolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc}: what the implementation under test used, and how busy the rest of
 * the machine was meanwhile. On a 2-core machine another build running beside the benchmark
 * changes every figure, so the report says how much of the machine others took.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100;

    private CpuMeter() {}

    static Snapshot take(long childPid) {
        return new Snapshot(
                System.nanoTime(), machineBusyTicks(), processTicks("self"), processTicks(Long.toString(childPid)));
    }

    /** Ticks the machine's CPUs were busy, all processes together; -1 where {@code /proc} cannot tell. */
    private static long machineBusyTicks() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            return total - Long.parseLong(fields[4]) - Long.parseLong(fields[5]);
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /** User + system ticks of a process and all its threads. */
    private static long processTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /** CPU counters at one moment. */
    record Snapshot(long nanos, long machineBusy, long harness, long child) {

        /** CPU seconds the implementation's JVM used since {@code earlier}. */
        double childSecondsSince(Snapshot earlier) {
            return child < 0 || earlier.child < 0 ? -1 : (child - earlier.child) / TICKS_PER_SECOND;
        }

        /** CPU seconds the benchmark's own JVM (broker, emulator, load, collector) used since {@code earlier}. */
        double harnessSecondsSince(Snapshot earlier) {
            return harness < 0 || earlier.harness < 0 ? -1 : (harness - earlier.harness) / TICKS_PER_SECOND;
        }

        /** Share of the machine (all cores) used by processes other than the benchmark and the implementation. */
        double othersShareSince(Snapshot earlier) {
            if (machineBusy < 0 || harness < 0 || child < 0 || earlier.child < 0) {
                return -1;
            }
            long others = (machineBusy - earlier.machineBusy) - (harness - earlier.harness) - (child - earlier.child);
            double capacity = (nanos - earlier.nanos)
                    / 1e9
                    * TICKS_PER_SECOND
                    * Runtime.getRuntime().availableProcessors();
            return Math.max(0, others / capacity);
        }
    }
}
