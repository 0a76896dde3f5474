package io.tokenpolicy.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.HealthProbe;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The worker through Kafka against a failing gateway: random 5xx, timeouts and dropped
 * connections; an outage that the retry budget covers; and a budget that runs out.
 */
@EmbeddedKafka(partitions = 3)
class FaultInjectionIT {

    private static final long USER = 6;
    private static final String ACCESS_TOKEN = "fault-it-" + UUID.randomUUID();
    private static final Duration LONG_WAIT = Duration.ofSeconds(90);

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final TokenApiEmulator gateway = TokenApiEmulator.start(0).addUser(USER, ACCESS_TOKEN);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Long, Long> expectedQuota = new HashMap<>();
    private final Map<Long, String> expectedIncident = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private KafkaProducer<String, String> producer;
    private Outcomes outcomes;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()),
                new StringSerializer(), new StringSerializer());
        outcomes = new Outcomes(brokers(), WorkerSettings.outcomesTopic(run));
    }

    @AfterEach
    void disconnect() {
        producer.close();
        outcomes.close();
        gateway.close();
    }

    @Test
    void everyEventIsAppliedExactlyOnceThroughFaultsOnThirtyPercentOfCalls() {
        seed(100, 1_000);
        gateway.setTimeoutHold(Duration.ofMillis(300))
                .setFaultRate(0.3, Fault.HTTP_502, Fault.HTTP_503, Fault.TIMEOUT, Fault.DROP_CONNECTION);
        try (WorkerProcess worker = WorkerProcess.start(settings(Map.of("token-api.request-timeout", "250ms",
                "token-policy.circuit.failure-threshold", 10)))) {
            long started = System.nanoTime();
            for (int i = 0; i < 980; i++) {
                topUp(1 + (i * 37L) % 100, 1 + (i % 7) * 100L);
                if (i % 49 == 48) {
                    long token = 1 + i / 49 * 5L;
                    incident(token, token % 2 == 0 ? "high" : "low");
                }
            }
            producer.flush();
            List<JsonNode> all = awaitOutcomes(ids);

            System.out.printf("fault injection: %d events, %d gateway calls with 30%% faulted, all done in %d ms%n",
                    all.size(), callsReceived(), Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertThat(all).hasSize(1_000).allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
            assertEveryTokenAsExpected();
        }
    }

    @Test
    void outageWithinTheBudgetPausesFetchingReportsNotReadyAndFailsNothing() {
        seed(30, 0);
        try (WorkerProcess worker = WorkerProcess.start(settings(Map.of(
                "token-policy.concurrency.max-buffered-records", 1_000,
                "spring.kafka.consumer.max-poll-records", 20)))) {
            HealthProbe health = new HealthProbe(worker);
            TokenEventConsumers consumers = worker.bean(TokenEventConsumers.class);
            awaitOutcomes(topUps(30));
            assertThat(health.readiness().status()).isEqualTo("UP");

            gateway.setDown(true);
            gateway.resetCounters();
            topUps(60);
            await("readiness DOWN").atMost(Duration.ofSeconds(20)).until(() -> health.readiness().httpStatus() == 503);
            HealthProbe.Answer down = health.readiness();
            int bufferedWhenDown = consumers.fetchState().bufferedRecords();
            topUps(240);
            OutageSample sample = sampleFor(Duration.ofSeconds(3), consumers);
            long callsWhileDown = callsReceived();
            gateway.setDown(false);
            List<JsonNode> all = awaitOutcomes(ids);

            System.out.printf("outage: %d events, %d calls during 3 s down, buffered %d at open, peak %d, paused %d%n",
                    all.size(), callsWhileDown, bufferedWhenDown, sample.peakBuffered, sample.pausedPartitions);
            assertThat(down.gatewayReason()).startsWith("gateway circuit open: ").contains("HTTP 502")
                    .doesNotContain(ACCESS_TOKEN);
            assertThat(down.body()).doesNotContain(ACCESS_TOKEN).doesNotContain(gateway.baseUrl());
            assertThat(sample.pausedPartitions).as("fetching paused while down").isEqualTo(3);
            assertThat(sample.peakBuffered).as("no more fetched while down").isLessThanOrEqualTo(60 + 20);
            assertThat(callsWhileDown).as("only probes go out while the circuit is open").isLessThan(100);
            assertThat(all).hasSize(330).allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
            await("readiness UP again").atMost(Duration.ofSeconds(10))
                    .until(() -> health.readiness().httpStatus() == 200);
            assertThat(health.liveness().status()).isEqualTo("UP");
            assertEveryTokenAsExpected();
        }
    }

    @Test
    void spentRetryBudgetFailsTheEventAndParksItWithWhyAndHowManyAttempts() {
        seed(3, 100);
        Map<String, Object> tight = Map.of("token-policy.retry.max-attempts", 3,
                "token-policy.circuit.failure-threshold", 1_000);
        try (WorkerProcess worker = WorkerProcess.start(settings(tight));
             TopicReader deadLetters = new TopicReader(brokers(), WorkerSettings.eventsTopic(run) + ".DLT")) {
            String unknownToken = publish(99, "evt-unknown-" + run, CloudEvents.topUp("evt-unknown-" + run, 99, 5));
            producer.flush();
            assertThat(outcomes.awaitFor(unknownToken).path("result").asText()).isEqualTo("REJECTED");
            assertThat(outcomes.awaitFor(unknownToken).path("attempts").asInt()).as("permanent: never retried").isEqualTo(1);

            gateway.setDown(true);
            List<JsonNode> failed = awaitOutcomes(topUps(3));

            assertThat(failed).allSatisfy(outcome -> {
                assertThat(outcome.path("result").asText()).isEqualTo("FAILED");
                assertThat(outcome.path("attempts").asInt()).isEqualTo(3);
                assertThat(outcome.path("reason").asText()).contains("HTTP 502", "retry budget spent: max-attempts 3");
                String id = outcome.path("event_id").asText();
                ConsumerRecord<byte[], byte[]> parked = deadLetters.await("dead letter of " + id,
                        r -> new String(r.value(), StandardCharsets.UTF_8).contains(id));
                assertThat(header(parked, "dlt-attempts")).isEqualTo("3");
                assertThat(header(parked, "dlt-reason")).isEqualTo(outcome.path("reason").asText());
            });
            assertThat(gateway.token(1).remainQuota()).isEqualTo(100);
        }
    }

    private OutageSample sampleFor(Duration outage, TokenEventConsumers consumers) {
        OutageSample sample = new OutageSample();
        long until = System.nanoTime() + outage.toNanos();
        await("outage of " + outage).atMost(outage.plusSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            FetchState state = consumers.fetchState();
            sample.peakBuffered = Math.max(sample.peakBuffered, state.bufferedRecords());
            if (state.gatewayDown()) {
                sample.pausedPartitions = Math.max(sample.pausedPartitions, state.pausedPartitions());
            }
            return System.nanoTime() >= until;
        });
        return sample;
    }

    private List<JsonNode> awaitOutcomes(List<String> eventIds) {
        await("outcomes of " + eventIds.size() + " events").atMost(LONG_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> outcomes.all().stream().map(o -> o.path("event_id").asText()).toList().containsAll(eventIds));
        return outcomes.all().stream().filter(o -> eventIds.contains(o.path("event_id").asText())).toList();
    }

    private void assertEveryTokenAsExpected() {
        expectedQuota.forEach((token, quota) -> {
            EmulatedToken stored = gateway.token(token);
            String incident = expectedIncident.getOrDefault(token, "none");
            assertThat(stored.remainQuota()).as("quota of token %d", token).isEqualTo(quota);
            assertThat(stored.status()).as("status of token %d", token)
                    .isEqualTo(incident.equals("high") ? EmulatedToken.DISABLED : EmulatedToken.ENABLED);
            assertThat(stored.allowIps()).as("allow_ips of token %d", token)
                    .isEqualTo(incident.equals("low") ? "10.0.0.0/8" : null);
        });
    }

    private long callsReceived() {
        return Stream.of(Route.values()).mapToLong(gateway::calls).sum();
    }

    private Map<String, Object> settings(Map<String, Object> overrides) {
        Map<String, Object> settings = WorkerSettings.of(brokers(), run, gateway, USER, ACCESS_TOKEN);
        settings.put("token-policy.retry.max-attempts", 50);
        settings.put("token-policy.retry.initial-backoff", "20ms");
        settings.put("token-policy.retry.max-backoff", "200ms");
        settings.put("token-policy.retry.max-duration", "30s");
        settings.put("token-policy.circuit.failure-threshold", 5);
        settings.put("token-policy.circuit.open-duration", "250ms");
        settings.putAll(overrides);
        return settings;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String brokers() {
        return EmbeddedKafkaCondition.getBroker().getBrokersAsString();
    }

    private static final class OutageSample {
        private int peakBuffered;
        private int pausedPartitions;
    }

    private void seed(int tokens, long quota) {
        for (long id = 1; id <= tokens; id++) {
            gateway.addToken(EmulatedToken.forUser(USER).id(id).remainQuota(quota).build());
            expectedQuota.put(id, quota);
        }
    }

    private List<String> topUps(int count) {
        AtomicInteger next = new AtomicInteger();
        List<String> published = Stream.generate(() -> topUp(1 + next.getAndIncrement() % expectedQuota.size(), 10))
                .limit(count).toList();
        producer.flush();
        return published;
    }

    private String topUp(long token, long amount) {
        expectedQuota.merge(token, amount, Long::sum);
        String id = "evt-" + UUID.randomUUID();
        return publish(token, id, CloudEvents.topUp(id, token, amount));
    }

    private void incident(long token, String severity) {
        expectedIncident.put(token, severity);
        String id = "sec-" + UUID.randomUUID();
        publish(token, id, CloudEvents.incident(id, token, severity, severity.equals("low") ? List.of("10.0.0.0/8") : null));
    }

    private String publish(long token, String id, String event) {
        ids.add(id);
        producer.send(new ProducerRecord<>(WorkerSettings.eventsTopic(run), Long.toString(token), event));
        return id;
    }
}
