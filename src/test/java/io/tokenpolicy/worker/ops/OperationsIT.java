package io.tokenpolicy.worker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.worker.deploy.MonitoringFiles;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.FreePort;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The worker as operators run it: its own JVM with JSON (ECS) logs at debug, fed applied,
 * coalesced, duplicate, rejected, unreadable, retried and rate-limited events. Its Prometheus
 * endpoint, its consumer health and every line it logged are then read as an operator would.
 */
@RunsBesideOthers
@WorkerHarness(user = OperationsIT.USER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    static final long USER = 21;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A worker JVM's start-up and the first events, on a machine shared by parallel builds. */
    private static final Duration STARTUP_AND_WORK = Duration.ofSeconds(150);

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final int port = FreePort.find();
    private final List<String> eventIds = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;
    private WorkerJvm worker;

    OperationsIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @BeforeAll
    void runEveryKindOfEvent() {
        gateway.setLatency(Duration.ofMillis(20));
        for (long id = 1; id <= 4; id++) {
            gateway.addToken(EmulatedToken.forUser(USER)
                    .id(id)
                    .remainQuota(1_000)
                    .allowIps("10.0.0.0/8")
                    .build());
        }
        gateway.addToken(EmulatedToken.forUser(USER)
                .id(5)
                .status(EmulatedToken.EXHAUSTED)
                .remainQuota(0)
                .build());
        for (int i = 1; i <= 5; i++) {
            send(1, CloudEvents.topUp(id(), 1, i));
        }
        send(1, CloudEvents.topUp(eventIds.get(0), 1, 1));
        send(2, CloudEvents.incident(id(), 2, "critical", null));
        send(3, CloudEvents.ipRestriction(id(), 3, List.of("10.1.0.0/16")));
        send(4, CloudEvents.event(id(), "billing.topup", Map.of("token_id", 4, "amount", -5)));
        send(404, CloudEvents.topUp(id(), 404, 10));
        send(3, "this is not a CloudEvent");
        gateway.failNext(1, Fault.HTTP_503);
        worker = WorkerJvm.start("operations-" + run, settings());
        outcomes.awaitAny("outcomes of the first events", eventIds.size() + 1, STARTUP_AND_WORK);

        gateway.setRateLimit(2, Duration.ofMillis(800));
        send(5, CloudEvents.topUp(id(), 5, 500));
        outcomes.awaitAny("outcome of the rate-limited top-up", eventIds.size() + 2);
        gateway.clearRateLimit();
    }

    @AfterAll
    void stop() {
        worker.close();
    }

    @Test
    @Order(1)
    void prometheusEndpointCountsEventsCallsRetriesAndDeadLettersWithBoundedTags() {
        String scrape = get("/actuator/prometheus");

        assertThat(scrape)
                .contains(
                        "token_policy_events_total{application=\"token-policy-worker\",result=\"APPLIED\",type=\"billing.topup\"} 6.0")
                .contains(
                        "token_policy_events_total{application=\"token-policy-worker\",result=\"DUPLICATE\",type=\"billing.topup\"} 1.0")
                .contains(
                        "token_policy_events_total{application=\"token-policy-worker\",result=\"REJECTED\",type=\"unknown\"} 1.0")
                .contains(
                        "token_policy_duplicates_suppressed_total{application=\"token-policy-worker\",kind=\"repeated_id\"} 1.0")
                .contains(
                        "token_policy_dead_letters_total{application=\"token-policy-worker\",reason=\"unreadable\"} 1.0")
                .contains(
                        "token_policy_gateway_calls_seconds_count{application=\"token-policy-worker\",route=\"status\",status=\"200\"}")
                .contains(
                        "token_policy_gateway_calls_seconds_count{application=\"token-policy-worker\",route=\"read\",status=\"5xx\"} 1")
                .contains("token_policy_gateway_rate_limited_total{application=\"token-policy-worker\",route=")
                .contains("token_policy_outcome_latency_seconds_bucket{application=\"token-policy-worker\",le=")
                .contains("token_policy_gateway_calls_in_flight{application=\"token-policy-worker\"} 0.0")
                .contains("token_policy_partitions_paused{application=\"token-policy-worker\"} 0.0")
                .contains("token_policy_records_buffered{application=\"token-policy-worker\"}")
                .contains("token_policy_consumer_lag{application=\"token-policy-worker\"}")
                .containsPattern("token_policy_events_coalesced_total\\{application=\"token-policy-worker\"} [1-9]")
                .containsPattern("token_policy_gateway_retries_total\\{application=\"token-policy-worker\"} [1-9]")
                .doesNotContain(harness.accessToken())
                .doesNotContain("token_id")
                .doesNotContain("event_id")
                .doesNotContain(eventIds.get(0));
    }

    @Test
    @Order(2)
    void consumerHealthShowsLagPerPartitionAndBackPressure() throws IOException {
        JsonNode consumer = JSON.readTree(get("/actuator/health")).at("/components/consumer");

        assertThat(consumer.path("status").asText()).isEqualTo("UP");
        JsonNode details = consumer.path("details");
        assertThat(details.path("partitions").size())
                .as("the events topic's 3 partitions and the security topic's 3")
                .isEqualTo(6);
        assertThat(details.at("/partitions/" + harness.eventsTopic() + "-0/lag").asLong(-1))
                .isZero();
        assertThat(details.at("/partitions/" + harness.securityEventsTopic() + "-0/lag")
                        .asLong(-1))
                .isZero();
        assertThat(details.at("/partitions/" + harness.eventsTopic() + "-0/paused")
                        .asBoolean(true))
                .isFalse();
        assertThat(details.path("backPressure").asText()).isEqualTo("fetching");
        assertThat(details.path("maxBufferedRecords").asInt()).isEqualTo(20_000);
        assertThat(JSON.readTree(get("/actuator/health/readiness"))
                        .path("status")
                        .asText())
                .isEqualTo("UP");
    }

    /**
     * Kafka's per-partition client metrics appear once a partition was fetched, and the worker binds such late
     * metrics on its refresh, every 5 s: the scrape is read again until then.
     */
    @Test
    @Order(3)
    void everyMetricTheDashboardAndTheAlertRulesReadIsExported() {
        Set<String> read = MonitoringFiles.metricNames();
        assertThat(read).hasSizeGreaterThan(20);

        await("every metric read by deploy/grafana/dashboards and deploy/prometheus/alerts.yml exported")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Set<String> missing = new TreeSet<>(read);
                    missing.removeAll(exportedMetricNames());
                    assertThat(missing).as("metrics read but not exported").isEmpty();
                });
    }

    @Test
    @Order(4)
    void everyLineLoggedShowsNoSecretAndLinesAboutEventsCarryTheirIds() {
        worker.close();
        String output = worker.output();
        List<JsonNode> lines = output.lines()
                .filter(line -> line.startsWith("{"))
                .map(OperationsIT::json)
                .toList();

        assertThat(output).doesNotContain(harness.accessToken());
        for (long id = 1; id <= 5; id++) {
            String key = gateway.token(id).key();
            assertThat(key).startsWith("sk-");
            assertThat(output).doesNotContain(key).doesNotContain(key.substring(3));
        }
        assertThat(lines).as("structured lines").hasSizeGreaterThan(10);
        for (String eventId : eventIds) {
            assertThat(lines)
                    .as("lines about event " + eventId)
                    .filteredOn(line -> line.path("message").asText().contains(eventId))
                    .isNotEmpty()
                    .allSatisfy(line -> {
                        assertThat(line.path("event_id").asText()).contains(eventId);
                        assertThat(line.path("token_id").asText()).isNotEmpty();
                        assertThat(line.path("user_id").asText()).isEqualTo(Long.toString(USER));
                    });
        }
    }

    private Set<String> exportedMetricNames() {
        return get("/actuator/prometheus")
                .lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = WorkerSettings.withHealthEndpoints(harness.workerSettings());
        settings.put("server.port", port);
        settings.put("logging.structured.format.console", "ecs");
        settings.put("logging.config", "classpath:logback-structured-test.xml");
        settings.put("logging.level.io.tokenpolicy", "debug");
        settings.put("token-policy.retry.initial-backoff", "300ms");
        settings.put("token-policy.retry.max-backoff", "1s");
        settings.put("token-policy.retry.max-attempts", 8);
        return settings;
    }

    private String id() {
        String id = "ops-" + UUID.randomUUID();
        eventIds.add(id);
        return id;
    }

    private void send(long key, String value) {
        producer.send(new ProducerRecord<>(harness.eventsTopic(), Long.toString(key), value));
        producer.flush();
    }

    private String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build();
        return await("GET " + path)
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(
                        () -> http.send(request, HttpResponse.BodyHandlers.ofString()),
                        response -> response.statusCode() == 200)
                .body();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
