package io.tokenpolicy.worker.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * What the gateway refused can be recovered: an event it refused (a rotated access token, HTTP 401)
 * is REJECTED and parked on the dead-letter topic with the refusal as its reason, and once the cause
 * is fixed {@code replay-dlt} brings it back and it lands exactly once; a 408 is retried like a 5xx.
 */
@WorkerHarness(user = RefusedEventsIT.USER)
class RefusedEventsIT {

    static final long USER = 9;
    private static final long TOKEN = 1;
    private static final String OLD_ACCESS_TOKEN = "refused-it-old-" + UUID.randomUUID();
    private static final String NEW_ACCESS_TOKEN = "refused-it-new-" + UUID.randomUUID();

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;
    private final TopicReader deadLetters;
    private final long fundedBefore;

    RefusedEventsIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway().addUser(USER, OLD_ACCESS_TOKEN);
        this.run = harness.run();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
        this.deadLetters = harness.reader(harness.deadLetterTopic());
        this.fundedBefore = gateway.addToken(
                        EmulatedToken.forUser(USER).id(TOKEN).remainQuota(1_000).build())
                .fundedTotal();
    }

    @Test
    void eventsRefusedWithARotatedAccessTokenAreParkedAndReplayable() {
        String topUp = "topup-" + run;
        try (WorkerJvm worker = WorkerJvm.start("refused-" + run, settings(OLD_ACCESS_TOKEN))) {
            gateway.rotateAccessToken(USER, NEW_ACCESS_TOKEN);
            publishTopUp(topUp, 250);
            JsonNode refused = outcomes.awaitFor(topUp);
            assertThat(refused.path("result").asText()).isEqualTo("REJECTED");
            assertThat(refused.path("reason").asText())
                    .startsWith("gateway refused: ")
                    .contains("invalid access token");
            assertParked(topUp, refused);
        }
        try (WorkerJvm fixed = WorkerJvm.start("refused-fixed-" + run, settings(NEW_ACCESS_TOKEN))) {
            assertThat(replay().out()).contains("replayed 1 of 1 dead letters");
            awaitResults(topUp, "REJECTED", "APPLIED");
            assertThat(gateway.token(TOKEN).fundedTotal()).isEqualTo(fundedBefore + 250);

            assertThat(replay().out()).contains("replayed 1 of 1 dead letters");
            awaitResults(topUp, "REJECTED", "APPLIED", "DUPLICATE");
            assertThat(gateway.token(TOKEN).fundedTotal()).as("landed once").isEqualTo(fundedBefore + 250);
        }
    }

    @Test
    void anEventRefusedWithHttp401IsParkedWithTheRefusalAsItsReason() {
        JsonNode refused = topUpBehind(Fault.HTTP_401, 1);

        assertThat(refused.path("result").asText()).isEqualTo("REJECTED");
        assertThat(refused.path("attempts").asInt()).as("never retried").isEqualTo(1);
        assertThat(refused.path("reason").asText()).contains("HTTP 401");
        assertParked(refused.path("event_id").asText(), refused);
    }

    @Test
    void requestTimeout408IsRetried() {
        JsonNode applied = topUpBehind(Fault.HTTP_408, 2);

        assertThat(applied.path("result").asText()).isEqualTo("APPLIED");
        assertThat(applied.path("attempts").asInt())
                .as("GET three times, then the PUT")
                .isEqualTo(4);
        assertThat(gateway.token(TOKEN).fundedTotal()).isEqualTo(fundedBefore + 250);
    }

    /** The outcome of a top-up of 250 whose first {@code calls} gateway calls are answered with {@code fault}. */
    private JsonNode topUpBehind(Fault fault, int calls) {
        try (WorkerProcess worker = WorkerProcess.start(settings(OLD_ACCESS_TOKEN))) {
            gateway.failNext(calls, fault);
            String topUp = "topup-" + fault + "-" + run;
            publishTopUp(topUp, 250);
            return outcomes.awaitFor(topUp);
        }
    }

    private void assertParked(String eventId, JsonNode outcome) {
        ConsumerRecord<byte[], byte[]> parked = deadLetters.await(
                "dead letter of " + eventId, r -> new String(r.value(), StandardCharsets.UTF_8).contains(eventId));
        assertThat(header(parked, "dlt-result")).isEqualTo("REJECTED");
        assertThat(header(parked, "dlt-cause")).isEqualTo("refused");
        assertThat(header(parked, "dlt-reason"))
                .isEqualTo(outcome.path("reason").asText());
    }

    private void awaitResults(String eventId, String... results) {
        await(eventId + " " + List.of(results)).atMost(Duration.ofSeconds(120)).until(() -> outcomes.all().stream()
                .filter(o -> eventId.equals(o.path("event_id").asText()))
                .map(o -> o.path("result").asText())
                .toList()
                .equals(List.of(results)));
    }

    private ReplayRun replay() {
        ReplayRun replay = ReplayRun.of(harness.brokers(), events(), events() + ".DLT");
        assertThat(replay.status()).as(replay.err()).isZero();
        return replay;
    }

    private void publishTopUp(String id, long amount) {
        producer.send(new ProducerRecord<>(events(), Long.toString(TOKEN), CloudEvents.topUp(id, TOKEN, amount)));
        producer.flush();
    }

    private Map<String, Object> settings(String accessToken) {
        Map<String, Object> settings = WorkerSettings.of(harness.brokers(), run, gateway, USER, accessToken);
        settings.put("token-policy.retry.initial-backoff", "10ms");
        return settings;
    }

    private String events() {
        return harness.eventsTopic();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
