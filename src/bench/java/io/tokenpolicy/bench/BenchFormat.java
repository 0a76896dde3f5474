package io.tokenpolicy.bench;

import java.util.Locale;

/** Table rows of the report: numbers rounded for reading, unknown figures as a dash. */
final class BenchFormat {

    private static final double MB = 1024 * 1024;

    private BenchFormat() {}

    static String row(RunResult run) {
        return "| "
                + String.join(
                        " | ",
                        run.scenario(),
                        run.implementation().title() + (run.complete() ? "" : " (incomplete)"),
                        Long.toString(run.events()),
                        Long.toString(run.outcomes()),
                        decimal(run.seconds(), 1),
                        decimal(run.eventsPerSecond(), 0),
                        decimal(run.callsPerEvent(), 2),
                        Integer.toString(run.peakCallsInFlight()),
                        known(run.latencyP50Ms()),
                        known(run.latencyP99Ms()),
                        Long.toString(run.tooManyRequests()),
                        Long.toString(run.tooManyRequestsAfterWindow()),
                        megabytes(run.peakHeapBytes()),
                        megabytes(run.peakHeapAfterGcBytes()),
                        megabytes(run.peakRssBytes()),
                        run.cpuSeconds() < 0 ? "–" : decimal(run.cpuSeconds(), 1),
                        run.harnessCpuSeconds() < 0 ? "–" : decimal(run.harnessCpuSeconds(), 1),
                        run.othersCpuShare() < 0 ? "–" : decimal(100 * run.othersCpuShare(), 0) + "%")
                + " |";
    }

    /** S5's row; a latency no incident of that rank reached (its token was not disabled) reads "not disabled". */
    static String incidentRow(RunResult run) {
        IncidentFigures figures = run.incidents();
        return "| "
                + String.join(
                        " | ",
                        run.scenario(),
                        run.implementation().title(),
                        figures.incidentTopic(),
                        Integer.toString(figures.incidents()),
                        Integer.toString(figures.disabled()),
                        incidentLatency(figures.p50Ms()),
                        incidentLatency(figures.p99Ms()),
                        incidentLatency(figures.maxMs()),
                        decimal(figures.windowSeconds(), 1),
                        decimal(figures.billingEventsPerSecond(), 0),
                        decimal(figures.billingCallsPerSecond(), 0),
                        decimal(figures.securityCallsPerSecond(), 1),
                        Long.toString(run.tooManyRequests()))
                + " |";
    }

    static String row(ScenarioRatios ratios) {
        return "| "
                + String.join(
                        " | ",
                        ratios.scenario(),
                        times(ratios.vsPlain()),
                        times(ratios.vsParallelConsumer()),
                        times(ratios.vsRelay()),
                        ratios.ceilingEventsPerSecond() == null ? "–" : decimal(ratios.ceilingEventsPerSecond(), 0),
                        ratios.vsCeiling() == null ? "–" : decimal(100 * ratios.vsCeiling(), 0) + "%")
                + " |";
    }

    private static String times(Double ratio) {
        return ratio == null ? "–" : decimal(ratio, 2) + "×";
    }

    private static String incidentLatency(long ms) {
        return ms == IncidentFigures.NOT_DISABLED ? "not disabled" : Long.toString(ms);
    }

    private static String known(long value) {
        return value < 0 ? "–" : Long.toString(value);
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "–" : decimal(bytes / MB, 0);
    }

    private static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }
}
