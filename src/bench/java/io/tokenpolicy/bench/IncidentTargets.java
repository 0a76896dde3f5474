package io.tokenpolicy.bench;

import io.tokenpolicy.bench.BenchTargets.Target;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * S5's targets (issue 17), for the worker with its incidents on the security topic: every
 * incident's token disabled, p99 from publish to disabled at most 2 s and the slowest at most 5 s,
 * with billing still draining at the rest of the limit: calls for the top-ups' tokens at least
 * 0.8 × (limit − the incidents' calls/s). Counted in calls, not in top-up outcomes: a partition's
 * outcomes wait for its earliest unfinished record, so they are seen in bursts, and over the ten
 * seconds of the incidents their rate says more about those bursts than about the backlog.
 */
final class IncidentTargets {

    private static final double P99_MS = 2_000;
    private static final double MAX_MS = 5_000;
    private static final double BILLING_SHARE = 0.8;

    private IncidentTargets() {}

    static List<Target> check(Scenario scenario, Optional<RunResult> worker) {
        Optional<IncidentFigures> figures = worker.map(RunResult::incidents);
        return List.of(
                disabled(scenario, figures),
                latency(
                        "S5: worker (lane) p99 publish → disabled ≤ 2 s (ms)",
                        figures.map(IncidentFigures::p99Ms),
                        P99_MS),
                latency(
                        "S5: worker (lane) max publish → disabled ≤ 5 s (ms)",
                        figures.map(IncidentFigures::maxMs),
                        MAX_MS),
                billing(scenario, figures));
    }

    private static Target disabled(Scenario scenario, Optional<IncidentFigures> figures) {
        String name = "S5: worker (lane) disabled every incident's token";
        return figures.map(run -> new Target(
                        name, run.disabled() + " of " + scenario.incidents(), run.disabled() == scenario.incidents()))
                .orElse(BenchTargets.notChecked(name));
    }

    private static Target latency(String name, Optional<Long> ms, double bound) {
        if (ms.isPresent() && ms.get() == IncidentFigures.NOT_DISABLED) {
            return new Target(name, "not all disabled", false);
        }
        return BenchTargets.atMost(name, ms.map(Long::doubleValue).orElse(null), bound);
    }

    private static Target billing(Scenario scenario, Optional<IncidentFigures> figures) {
        Double bound = figures.map(run -> BILLING_SHARE * (scenario.rateLimit() - run.securityCallsPerSecond()))
                .orElse(null);
        String name = "S5: worker (lane) billing calls/s during the incidents ≥ 0.8 × (limit − security calls/s)"
                + (bound == null ? "" : String.format(Locale.ROOT, " = %.1f", bound));
        return bound == null
                ? BenchTargets.notChecked(name)
                : BenchTargets.atLeast(name, figures.get().billingCallsPerSecond(), bound);
    }
}
