package io.tokenpolicy.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.config.TokenApiProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * docker-compose.yml runs Kafka (KRaft, one node), the real new-api gateway and the worker (Prometheus and Grafana
 * are checked in {@link MonitoringFilesTest}), and
 * gives the worker only settings it really has: each variable is bound as Spring Boot binds it,
 * so renaming a setting without the compose file fails here.
 */
class ComposeFileTest {

    private static final Map<String, String> DOT_ENV =
            Map.of("TOKEN_API_USER_ID", "7", "TOKEN_API_ACCESS_TOKEN", "access-token-from-dot-env");

    private final ComposeFile compose = ComposeFile.read();

    @Test
    void runsKafkaTheGatewayTheWorkerPrometheusAndGrafana() {
        assertThat(compose.services()).containsOnlyKeys("kafka", "new-api", "worker", "prometheus", "grafana");
    }

    @Test
    void kafkaIsTheOfficialImageAsASingleKraftNode() {
        Map<String, String> kafka = compose.environment("kafka");

        assertThat(compose.service("kafka").get("image").toString()).startsWith("apache/kafka:");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES").split(",")).containsExactlyInAnyOrder("broker", "controller");
        assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(kafka.get("KAFKA_NODE_ID") + "@kafka:9093");
        assertThat(listenerNames(kafka.get("KAFKA_LISTENERS")))
                .contains(kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES"), kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME"))
                .containsAll(listenerNames(kafka.get("KAFKA_ADVERTISED_LISTENERS")))
                .containsExactlyInAnyOrderElementsOf(listenerNames(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")));
    }

    @Test
    void kafkaKeepsTransactionsAndOffsetsOnItsSingleBroker() {
        Map<String, String> kafka = compose.environment("kafka");

        assertThat(kafka)
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    }

    @Test
    void kafkaAdvertisesAListenerForContainersAndOneForTheHost() {
        Map<String, String> kafka = compose.environment("kafka");
        List<String> advertised =
                Arrays.asList(kafka.get("KAFKA_ADVERTISED_LISTENERS").split(","));

        assertThat(advertised).anyMatch(listener -> listener.endsWith("://kafka:9092"));
        assertThat(advertised).anyMatch(listener -> listener.endsWith("://localhost:9094"));
        assertThat(compose.ports("kafka")).contains("9094:9094");
    }

    @Test
    void gatewayIsTheRealNewApiWithItsSqliteStoreOnAVolume() {
        Map<String, Object> gateway = compose.service("new-api");

        assertThat(gateway.get("image").toString()).startsWith("calciumion/new-api:");
        assertThat(compose.environment("new-api")).doesNotContainKey("SQL_DSN");
        assertThat(compose.ports("new-api")).contains("3000:3000");
        assertThat((List<?>) gateway.get("volumes")).map(Object::toString).contains("new-api-data:/data");
        assertThat(compose.volumes()).containsKey("new-api-data");
    }

    @Test
    void everyServiceHasAHealthcheck() {
        for (String service : compose.services().keySet()) {
            Map<String, Object> healthcheck = ComposeFile.map(compose.service(service), "healthcheck");
            assertThat((List<?>) healthcheck.get("test")).as(service).first().isEqualTo("CMD-SHELL");
            assertThat(healthcheck).as(service).containsKeys("interval", "timeout", "retries");
        }
        assertThat(healthcheckCommand("new-api")).contains("http://localhost:3000/api/status");
        assertThat(healthcheckCommand("kafka")).contains("--bootstrap-server kafka:9092");
        assertThat(healthcheckCommand("worker")).contains("http://127.0.0.1:8080/actuator/health/readiness");
        assertThat(compose.ports("worker")).contains("8080:8080");
    }

    @Test
    void workerIsBuiltFromTheRepositoryDockerfileAndStartsOnceBothAreHealthy() {
        Map<String, Object> worker = compose.service("worker");

        assertThat(worker.get("build")).isEqualTo(".");
        assertThat(Dockerfile.FILE).isRegularFile();
        assertThat(ComposeFile.map(worker, "depends_on"))
                .containsOnlyKeys("kafka", "new-api")
                .allSatisfy((service, condition) ->
                        assertThat(condition).isEqualTo(Map.of("condition", "service_healthy")));
    }

    @Test
    void everyWorkerVariableIsARealWorkerSetting() {
        Map<String, String> environment = compose.environment("worker", DOT_ENV);

        assertThat(WorkerSettingsBinding.bind(environment).boundVariables())
                .as("variables that bound to a worker setting")
                .containsAll(environment.keySet());
    }

    @Test
    void accessTokenAndUserIdComeFromDotEnv() {
        TokenApiProperties tokenApi =
                (TokenApiProperties) WorkerSettingsBinding.bind(compose.environment("worker", DOT_ENV))
                        .settings()
                        .get("token-api");

        assertThat(tokenApi.accessToken()).isEqualTo("access-token-from-dot-env");
        assertThat(tokenApi.userId()).isEqualTo(7L);
        String written = compose.environment("worker").get("TOKEN_API_ACCESS_TOKEN");
        assertThat(ComposeFile.variablesIn(written)).containsExactly("TOKEN_API_ACCESS_TOKEN");
        assertThat(ComposeFile.interpolate(written, Map.of()))
                .as("the access token without .env")
                .isEmpty();
    }

    @Test
    void workerReachesKafkaAndTheGatewayByServiceName() {
        Map<String, Object> settings = WorkerSettingsBinding.bind(compose.environment("worker", DOT_ENV))
                .settings();
        URI gateway = ((TokenApiProperties) settings.get("token-api")).baseUrl();

        assertThat(((KafkaProperties) settings.get("spring.kafka")).getBootstrapServers())
                .containsExactly("kafka:9092");
        assertThat(gateway.getHost()).isEqualTo("new-api");
        assertThat(gateway.getPort() + ":" + gateway.getPort()).isIn(compose.ports("new-api"));
    }

    @Test
    void dotEnvExampleNamesExactlyTheVariablesTheWorkerTakesFromDotEnv() throws IOException {
        Properties example = new Properties();
        try (var reader = Files.newBufferedReader(Path.of(".env.example"))) {
            example.load(reader);
        }
        Set<String> interpolated = compose.environment("worker").values().stream()
                .flatMap(value -> ComposeFile.variablesIn(value).stream())
                .collect(Collectors.toSet());

        assertThat(interpolated).containsAll(example.stringPropertyNames());
        assertThat(example.stringPropertyNames()).contains("TOKEN_API_USER_ID", "TOKEN_API_ACCESS_TOKEN");
        assertThat(Files.readAllLines(Path.of(".gitignore"))).contains(".env");
    }

    private String healthcheckCommand(String service) {
        return ((List<?>)
                        ComposeFile.map(compose.service(service), "healthcheck").get("test"))
                .get(1)
                .toString();
    }

    private static List<String> listenerNames(String listeners) {
        return Arrays.stream(listeners.split(","))
                .map(listener -> listener.split(":")[0])
                .toList();
    }
}
