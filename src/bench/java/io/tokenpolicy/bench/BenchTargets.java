package io.tokenpolicy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The targets of issue 3 (and S5's, of issue 17), checked against one run's figures, so the report says plainly which
 * hold. A target whose figures were not measured in this run is reported as not checked.
 */
final class BenchTargets {

    private BenchTargets() {}

    static List<Target> check(List<Scenario> scenarios, List<RunResult> results) {
        List<Target> targets = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            ScenarioRatios ratios = ScenarioRatios.of(scenario, results);
            Optional<RunResult> worker = ScenarioRatios.find(scenario, results, Implementation.WORKER);
            switch (scenario.name()) {
                case "S1" -> {
                    targets.add(atLeast("S1: worker ≥ 15× the plain listener", ratios.vsPlain(), 15));
                    targets.add(atLeast("S1: worker ≥ 1.0× Parallel Consumer", ratios.vsParallelConsumer(), 1.0));
                    targets.add(atLeast("S1: worker ≥ 75% of the ceiling", ratios.vsCeiling(), 0.75));
                    targets.add(atMost(
                            "S1: worker's peak calls in flight ≤ " + ChildLaunch.MAX_IN_FLIGHT
                                    + ", as the ceiling assumes",
                            worker.map(run -> (double) run.peakCallsInFlight()).orElse(null),
                            ChildLaunch.MAX_IN_FLIGHT));
                }
                case "S2" -> {
                    targets.add(atMost(
                            "S2: worker ≤ 0.5 API calls per event",
                            worker.map(RunResult::callsPerEvent).orElse(null),
                            0.5));
                    targets.add(atLeast("S2: worker ≥ 2× Parallel Consumer", ratios.vsParallelConsumer(), 2.0));
                }
                case "S3" -> {
                    targets.add(atMost(
                            "S3: worker gets no 429 after the first window",
                            worker.map(run -> (double) run.tooManyRequestsAfterWindow())
                                    .orElse(null),
                            0));
                    targets.add(atLeast(
                            "S3: worker events/s ≥ 1.5 × (limit ÷ 2) = " + 0.75 * scenario.rateLimit(),
                            worker.map(RunResult::eventsPerSecond).orElse(null),
                            0.75 * scenario.rateLimit()));
                }
                case "S4" -> targets.add(atLeast("S4: worker ≥ 0.5× the plain relay", ratios.vsRelay(), 0.5));
                case "S5" -> targets.addAll(IncidentTargets.check(scenario, worker));
                default -> {}
            }
        }
        targets.add(allComplete(results));
        return targets;
    }

    /** S1..S4's worker runs (S5 does not wait for every outcome); not checked when none ran. */
    private static Target allComplete(List<RunResult> results) {
        String name = "worker: every event got its outcome, with -Xmx256m";
        List<RunResult> runs = results.stream()
                .filter(run -> run.implementation() == Implementation.WORKER
                        && !run.scenario().equals("S5"))
                .toList();
        if (runs.isEmpty()) {
            return notChecked(name);
        }
        boolean complete = runs.stream().allMatch(RunResult::complete);
        return new Target(name, complete ? "yes" : "no", complete);
    }

    static Target atLeast(String name, Double value, double bound) {
        return value == null ? notChecked(name) : new Target(name, format(value), value >= bound);
    }

    static Target atMost(String name, Double value, double bound) {
        return value == null ? notChecked(name) : new Target(name, format(value), value <= bound);
    }

    static Target notChecked(String name) {
        return new Target(name, "not measured", null);
    }

    private static String format(double value) {
        return String.format("%.2f", value);
    }

    /** One target: what it asks, the figure measured, and whether it holds ({@code null}: not checked). */
    record Target(String name, String measured, Boolean met) {

        String verdict() {
            return met == null ? "not checked" : met ? "met" : "MISSED";
        }
    }
}
