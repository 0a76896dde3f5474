package io.tokenpolicy.worker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The Grafana dashboard and the Prometheus alert rules under deploy/, and the metrics their queries read. */
public final class MonitoringFiles {

    static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/token-policy-worker.json");
    static final Path ALERTS = Path.of("deploy/prometheus/alerts.yml");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,)]+)");

    private MonitoringFiles() {}

    /** Every metric name the dashboard's panels and variables and the alert rules query. */
    public static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        dashboardQueries().forEach(query -> names.addAll(PromQl.metricNames(query)));
        for (Map<String, Object> rule : alertRules()) {
            names.addAll(PromQl.metricNames(rule.get("expr").toString()));
        }
        return names;
    }

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** The panels, those inside collapsed rows included. */
    static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The PromQL of every panel's targets, and the metric of each variable's {@code label_values} as a query. */
    static List<String> dashboardQueries() {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets")
                    .forEach(target -> queries.add(target.path("expr").asText()));
        }
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            Matcher labelValues =
                    LABEL_VALUES.matcher(variable.path("query").path("query").asText());
            if (labelValues.find()) {
                queries.add(labelValues.group(1).trim());
            }
        }
        return queries;
    }

    static Map<String, Object> alertsFile() {
        try (Reader reader = Files.newBufferedReader(ALERTS)) {
            return new Yaml().load(reader);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** Every rule of every group, as written. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertRules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<Object>) alertsFile().get("groups")) {
            rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
        }
        return rules;
    }
}
