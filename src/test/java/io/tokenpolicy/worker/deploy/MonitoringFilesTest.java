package io.tokenpolicy.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The dashboard and the alert rules are well formed and cover what operators watch; every metric they read is exported
 * by the worker (checked against a running worker in {@code OperationsIT}).
 */
class MonitoringFilesTest {

    @Test
    void alertRulesParseNameWhatTheyWatchAndPassPromtoolWhereItIsInstalled() throws Exception {
        List<Map<String, Object>> rules = MonitoringFiles.alertRules();

        assertThat(rules)
                .extracting(rule -> rule.get("alert"))
                .containsExactlyInAnyOrder(
                        "TokenPolicyPartitionStalled",
                        "TokenPolicyWorkerStalled",
                        "TokenPolicyCircuitOpen",
                        "TokenPolicyEventsFailed",
                        "TokenPolicyRecordsParked",
                        "TokenPolicyGatewayRateLimited",
                        "TokenPolicyLedgerRecordUnreadable",
                        "TokenPolicyDriftFound");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.get("expr").toString())
                    .as("expr of %s", rule.get("alert"))
                    .isNotBlank();
            assertThat(PromQl.metricNames(rule.get("expr").toString())).isNotEmpty();
            assertThat(ComposeFile.map(rule, "labels")).containsKey("severity");
            assertThat(ComposeFile.map(rule, "annotations")).containsKeys("summary", "description");
        });
        Optional<Path> promtool = onPath("promtool");
        if (promtool.isPresent()) {
            Process check = new ProcessBuilder(
                            promtool.get().toString(), "check", "rules", MonitoringFiles.ALERTS.toString())
                    .redirectErrorStream(true)
                    .start();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(said).isZero();
            assertThat(said).contains("SUCCESS: " + rules.size() + " rules found");
        }
    }

    @Test
    void dashboardHasAPanelForEverythingOperatorsWatch() {
        assertThat(MonitoringFiles.panels())
                .extracting(panel -> panel.path("title").asText())
                .contains(
                        "Throughput by result",
                        "Results by event type",
                        "Parked on the DLT by reason",
                        "Gateway calls by route and status",
                        "Gateway call latency",
                        "Outcome latency",
                        "Retries and 429s",
                        "Circuit state",
                        "Rate-limit waits",
                        "Consumer lag",
                        "Buffered records and paused partitions",
                        "Ledger",
                        "Drift findings");
    }

    @Test
    void everyPanelQueriesThePrometheusOfItsVariableForTheChosenInstances() {
        JsonNode dashboard = MonitoringFiles.dashboard();

        assertThat(dashboard.path("uid").asText()).isEqualTo("token-policy-worker");
        assertThat(dashboard.path("templating").path("list"))
                .extracting(variable -> variable.path("name").asText())
                .containsExactly("datasource", "instance");
        assertThat(MonitoringFiles.panels())
                .filteredOn(panel -> !"row".equals(panel.path("type").asText()))
                .allSatisfy(panel -> {
                    String title = panel.path("title").asText();
                    assertThat(panel.path("datasource").path("uid").asText())
                            .as(title)
                            .isEqualTo("${datasource}");
                    assertThat(panel.path("description").asText()).as(title).isNotBlank();
                    assertThat(panel.path("targets")).as(title).isNotEmpty();
                    panel.path("targets")
                            .forEach(target -> assertThat(target.path("expr").asText())
                                    .as(title)
                                    .contains("instance=~\"$instance\""));
                });
    }

    @Test
    void composeRunsPrometheusWithTheRulesAndGrafanaWithTheDashboard() throws IOException {
        ComposeFile compose = ComposeFile.read();
        Map<String, Object> prometheusYml = yaml(Path.of("deploy/prometheus/prometheus.yml"));
        Map<String, Object> scrape = firstOf(prometheusYml.get("scrape_configs"));
        Map<String, Object> datasource = firstOf(yaml(Path.of("deploy/grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources"));
        Map<String, Object> provider =
                firstOf(yaml(Path.of("deploy/grafana/provisioning/dashboards/token-policy-worker.yml"))
                        .get("providers"));

        assertThat(compose.mounts("prometheus"))
                .containsEntry("./deploy/prometheus/alerts.yml", "/etc/prometheus/alerts.yml")
                .containsEntry("./deploy/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
        assertThat(prometheusYml.get("rule_files")).isEqualTo(List.of("/etc/prometheus/alerts.yml"));
        assertThat(scrape).containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(firstOf(scrape.get("static_configs")).get("targets").toString())
                .contains("worker:8080");
        assertThat(compose.ports("worker")).contains("8080:8080");
        assertThat(compose.mounts("grafana"))
                .containsEntry("./deploy/grafana/provisioning", "/etc/grafana/provisioning")
                .containsEntry(
                        "./deploy/grafana/dashboards",
                        ComposeFile.map(provider, "options").get("path").toString());
        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        assertThat(compose.ports("prometheus")).contains("9090:9090");
        assertThat(compose.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(ComposeFile.map(provider, "options").get("path") + "/"
                        + MonitoringFiles.DASHBOARD.getFileName());
        for (String file : compose.mounts("prometheus").keySet()) {
            assertThat(Path.of(file)).isRegularFile();
        }
        for (String directory : compose.mounts("grafana").keySet()) {
            assertThat(Path.of(directory)).isDirectory();
        }
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstOf(Object list) {
        return (Map<String, Object>) ((List<Object>) list).get(0);
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
