package io.tokenpolicy.bench;

import java.util.Map;

/**
 * The figures of one implementation on one scenario. Throughput is timed from the first event
 * published to the last outcome seen; API calls and 429s are the gateway emulator's counters.
 *
 * @param complete                    whether every event got its outcome within the time allowed
 * @param error                       why the run could not be measured, or {@code null}
 * @param seconds                     first event published to last outcome seen
 * @param peakCallsInFlight           the most calls the gateway emulator held at once, from arrival to answer
 * @param tooManyRequestsAfterWindow  429s answered after the first rate-limit window (1 s) of the run
 * @param peakHeapBytes               heap used at its peak, -1 if unknown
 * @param peakHeapAfterGcBytes        the most heap still used right after a GC, -1 if unknown
 * @param peakRssBytes                the JVM's peak resident set ({@code VmHWM}), -1 if unknown
 * @param cpuSeconds                  CPU time the implementation's JVM used while timed, -1 if unknown
 * @param harnessCpuSeconds           CPU time the harness (broker, emulator, load, collector) used meanwhile,
 *                                    -1 if unknown
 * @param othersCpuShare              share of the machine other processes used meanwhile, -1 if unknown
 * @param results                     outcomes by {@code result}
 * @param incidents                   S5's incident figures, {@code null} in the other scenarios
 */
record RunResult(
        String scenario,
        Implementation implementation,
        boolean complete,
        String error,
        long events,
        long outcomes,
        double seconds,
        double eventsPerSecond,
        long apiCalls,
        double callsPerEvent,
        int peakCallsInFlight,
        long latencyP50Ms,
        long latencyP99Ms,
        long tooManyRequests,
        long tooManyRequestsAfterWindow,
        long peakHeapBytes,
        long peakHeapAfterGcBytes,
        long peakRssBytes,
        double cpuSeconds,
        double harnessCpuSeconds,
        double othersCpuShare,
        Map<String, Long> results,
        IncidentFigures incidents) {

    static RunResult failed(String scenario, Implementation implementation, long events, String error) {
        return new RunResult(
                scenario,
                implementation,
                false,
                error,
                events,
                0,
                0,
                0,
                0,
                0,
                0,
                -1,
                -1,
                0,
                0,
                -1,
                -1,
                -1,
                -1,
                -1,
                -1,
                Map.of(),
                null);
    }

    boolean measured() {
        return error == null && outcomes > 0;
    }
}
