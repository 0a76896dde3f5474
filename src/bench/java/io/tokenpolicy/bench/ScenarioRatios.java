package io.tokenpolicy.bench;

import java.util.List;
import java.util.Optional;

/**
 * How the worker compares on one scenario: its events/s over each baseline's, and over the
 * ceiling, the most any implementation could reach with {@value ChildLaunch#MAX_IN_FLIGHT} calls in
 * flight: 64 ÷ gateway latency (or the rate limit, if lower) ÷ the worker's calls per event.
 * A ratio is {@code null} where either side was not measured.
 */
record ScenarioRatios(
        String scenario,
        Double vsPlain,
        Double vsParallelConsumer,
        Double vsRelay,
        Double ceilingEventsPerSecond,
        Double vsCeiling) {

    static ScenarioRatios of(Scenario scenario, List<RunResult> results) {
        Optional<RunResult> worker = find(scenario, results, Implementation.WORKER);
        Double ceiling = worker.filter(run -> run.callsPerEvent() > 0)
                .map(run -> scenario.gatewayCallsPerSecond(ChildLaunch.MAX_IN_FLIGHT) / run.callsPerEvent())
                .orElse(null);
        return new ScenarioRatios(
                scenario.name(),
                ratio(worker, find(scenario, results, Implementation.PLAIN)),
                ratio(worker, find(scenario, results, Implementation.PC)),
                ratio(worker, find(scenario, results, Implementation.RELAY)),
                ceiling,
                ceiling == null
                        ? null
                        : worker.map(run -> run.eventsPerSecond() / ceiling).orElse(null));
    }

    static Optional<RunResult> find(Scenario scenario, List<RunResult> results, Implementation implementation) {
        return results.stream()
                .filter(run -> run.scenario().equals(scenario.name()) && run.implementation() == implementation)
                .filter(RunResult::measured)
                .findFirst();
    }

    private static Double ratio(Optional<RunResult> worker, Optional<RunResult> baseline) {
        if (worker.isEmpty() || baseline.isEmpty() || baseline.get().eventsPerSecond() == 0) {
            return null;
        }
        return worker.get().eventsPerSecond() / baseline.get().eventsPerSecond();
    }
}
