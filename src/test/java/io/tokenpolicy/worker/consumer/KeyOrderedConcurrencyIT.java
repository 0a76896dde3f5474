package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Many tokens at once, one token in order, coalescing, and a stop in the middle of concurrent work. */
@WorkerHarness(user = KeyOrderedConcurrencyIT.USER)
class KeyOrderedConcurrencyIT {

    static final long USER = 3;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String events;
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;

    KeyOrderedConcurrencyIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.events = harness.eventsTopic();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @Test
    void eventsOfEachTokenStayInOrderWhileManyTokensAreAppliedAtOnce() {
        gateway.setLatency(Duration.ofMillis(5));
        List<EmulatedToken> tokens = seed(40);
        Map<String, Long> amounts = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int round = 1; round <= 10; round++) {
            for (EmulatedToken token : tokens) {
                String id = publishTopUp(token, round);
                ids.add(id);
                amounts.put(id, (long) round);
            }
        }

        try (WorkerProcess worker = WorkerProcess.start(settings(16))) {
            List<JsonNode> published = outcomes.awaitAll(ids);

            Map<Long, List<JsonNode>> byToken = published.stream()
                    .collect(Collectors.groupingBy(o -> o.path("token_id").asLong()));
            tokens.forEach(token -> assertAppliedInOrder(byToken.get(token.id()), token.remainQuota()));
            tokens.forEach(
                    token -> assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(token.remainQuota() + 55));
        }
    }

    @Test
    void coalescedEventsEachGetTheirOwnOutcomeWithTheirOwnChanges() {
        gateway.setLatency(Duration.ofMillis(300));
        EmulatedToken token = seed(1).get(0);
        List<String> ids = new ArrayList<>();
        for (int amount = 1; amount <= 12; amount++) {
            ids.add(publishTopUp(token, amount));
        }
        producer.flush();

        try (WorkerProcess worker = WorkerProcess.start(settings(4))) {
            List<JsonNode> published = outcomes.awaitAll(ids);

            assertAppliedInOrder(published, token.remainQuota());
            assertThat(published)
                    .anySatisfy(o -> assertThat(o.path("batch_size").asInt()).isGreaterThan(1));
            assertThat(gateway.calls(Route.PUT_TOKEN)).isLessThan(ids.size());
            assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(token.remainQuota() + 78);
        }
    }

    @Test
    void workerStoppedInTheMiddleOfConcurrentWorkAndRestartedLosesNoEvent() {
        gateway.setLatency(Duration.ofMillis(100));
        List<EmulatedToken> tokens = seed(30);
        List<String> ids = new ArrayList<>();
        for (int round = 1; round <= 8; round++) {
            for (EmulatedToken token : tokens) {
                ids.add(publishTopUp(token, 1));
            }
        }

        Map<String, Object> oneOrTwoAtATime = settings(8);
        oneOrTwoAtATime.put("token-policy.concurrency.max-batch", 2);
        try (WorkerProcess first = WorkerProcess.start(oneOrTwoAtATime)) {
            outcomes.awaitAny("the first outcomes", 20);
        }
        assertThat(outcomes.all()).as("stopped in the middle").hasSizeLessThan(ids.size());
        try (WorkerProcess second = WorkerProcess.start(settings(8))) {
            List<JsonNode> published = outcomes.awaitAll(ids);

            assertThat(published.stream().map(o -> o.path("event_id").asText()).distinct())
                    .hasSameSizeAs(ids);
            assertThat(published)
                    .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
        }
    }

    private static void assertAppliedInOrder(List<JsonNode> outcomesOfOneToken, long startQuota) {
        long expectedBefore = startQuota;
        long round = 1;
        for (JsonNode outcome : outcomesOfOneToken) {
            assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
            assertThat(outcome.at("/changes/0/before").asLong()).isEqualTo(expectedBefore);
            assertThat(outcome.at("/changes/0/after").asLong()).isEqualTo(expectedBefore + round);
            expectedBefore += round++;
        }
    }

    private List<EmulatedToken> seed(int count) {
        List<EmulatedToken> tokens = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tokens.add(gateway.addToken(
                    EmulatedToken.forUser(USER).id(i).remainQuota(1_000L * i).build()));
        }
        return tokens;
    }

    private String publishTopUp(EmulatedToken token, long amount) {
        String id = "evt-" + UUID.randomUUID();
        producer.send(
                new ProducerRecord<>(events, Long.toString(token.id()), CloudEvents.topUp(id, token.id(), amount)));
        return id;
    }

    private Map<String, Object> settings(int maxInFlight) {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.concurrency.max-in-flight", maxInFlight);
        return settings;
    }
}
