package io.tokenpolicy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The benchmark's results as one Markdown document (printed, and written to
 * {@code target/bench/results.md}, ready to paste into {@code docs/performance.md}) and as JSON
 * ({@code target/bench/results.json}) for tools. Both carry the machine, the settings and the date.
 */
final class BenchReport {

    private final BenchEnvironment environment;
    private final List<Scenario> scenarios;
    private final List<RunResult> results;

    BenchReport(BenchEnvironment environment, List<Scenario> scenarios, List<RunResult> results) {
        this.environment = environment;
        this.scenarios = scenarios;
        this.results = results;
    }

    String markdown() {
        StringBuilder text = new StringBuilder(environment.markdown()).append('\n');
        text.append(
                "| scenario | implementation | events | outcomes | s | events/s | API calls/event | peak calls in flight "
                        + "| p50 ms | p99 ms "
                        + "| 429s | 429s after 1st s | heap peak MB | heap after GC MB | RSS peak MB | CPU s | harness CPU s | others' CPU |\n");
        text.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        results.forEach(run -> text.append(BenchFormat.row(run)).append('\n'));
        text.append(incidentTable());
        text.append(ratioTable());
        text.append("\n| target (issues 3 and 17) | measured | verdict |\n|---|---:|---|\n");
        BenchTargets.check(scenarios, results).forEach(target -> text.append("| ")
                .append(target.name())
                .append(" | ")
                .append(target.measured())
                .append(" | ")
                .append(target.verdict())
                .append(" |\n"));
        results.stream().filter(run -> run.error() != null).forEach(run -> text.append("\n")
                .append(run.scenario())
                .append(' ')
                .append(run.implementation().id())
                .append(" failed: ")
                .append(run.error())
                .append('\n'));
        return text.toString();
    }

    void write(Path dir) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("environment", environment);
        json.put("scenarios", scenarios);
        json.put("runs", results);
        json.put("ratios", ratios());
        json.put("targets", BenchTargets.check(scenarios, results));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("results.md"), markdown());
            new ObjectMapper()
                    .findAndRegisterModules()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("results.json").toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + dir, e);
        }
    }

    private String ratioTable() {
        List<ScenarioRatios> ratios = ratios();
        if (ratios.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(
                "\n| scenario | worker ÷ plain | worker ÷ PC | worker ÷ relay | ceiling events/s | worker ÷ ceiling |\n");
        text.append("|---|---:|---:|---:|---:|---:|\n");
        ratios.forEach(ratio -> text.append(BenchFormat.row(ratio)).append('\n'));
        return text.toString();
    }

    /** S5's table, when S5 ran: publish to disabled per implementation, and billing meanwhile. */
    private String incidentTable() {
        List<RunResult> runs =
                results.stream().filter(run -> run.incidents() != null).toList();
        if (runs.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(
                "\n| scenario | implementation | incidents on | incidents | disabled | p50 ms | p99 ms | max ms "
                        + "| window s | billing events/s | billing calls/s | security calls/s | 429s |\n");
        text.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        runs.forEach(run -> text.append(BenchFormat.incidentRow(run)).append('\n'));
        return text.toString();
    }

    /** Throughput ratios, for the scenarios that time every event's outcome (not S5). */
    private List<ScenarioRatios> ratios() {
        return scenarios.stream()
                .filter(scenario -> scenario.incidents() == 0)
                .filter(scenario ->
                        results.stream().anyMatch(run -> run.scenario().equals(scenario.name())))
                .map(scenario -> ScenarioRatios.of(scenario, results))
                .filter(Objects::nonNull)
                .toList();
    }
}
