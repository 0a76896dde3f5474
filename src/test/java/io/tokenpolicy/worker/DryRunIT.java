package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/**
 * A dry run reads tokens and publishes PLANNED outcomes apart, and leaves the gateway, the
 * ledger and the real consumer group as they were: a real run afterwards applies every event, and a dry run
 * after that answers them DUPLICATE.
 */
@WorkerHarness(user = DryRunIT.USER)
class DryRunIT {

    static final long USER = 41;

    @Test
    void dryRunPlansWithoutWritingTheRealRunAfterItAppliesEveryEventAndADryRunAfterThatAnswersDuplicate(
            Harness harness) {
        String run = harness.run();
        TokenApiEmulator gateway = harness.gateway();
        KafkaProducer<String, String> producer = harness.producer();
        Outcomes planned = harness.outcomes(harness.outcomesTopic() + ".dry-run");
        Outcomes real = harness.outcomes();
        EmulatedToken exhausted = gateway.addToken(EmulatedToken.forUser(USER)
                .status(EmulatedToken.EXHAUSTED)
                .remainQuota(0)
                .build());
        EmulatedToken leaked = gateway.addToken(
                EmulatedToken.forUser(USER).allowIps("10.0.0.0/8").build());
        String topUp = publish(producer, run, exhausted, CloudEvents.topUp("top-up-" + run, exhausted.id(), 500));
        String incident = publish(
                producer,
                run,
                leaked,
                CloudEvents.incident("incident-" + run, leaked.id(), "low", List.of("10.1.0.0/16")));
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.dry-run", true);

        try (WorkerProcess dryRun = WorkerProcess.start(settings)) {
            JsonNode plannedTopUp = planned.awaitFor(topUp);
            JsonNode plannedIncident = planned.awaitFor(incident);

            assertThat(plannedTopUp.path("result").asText()).isEqualTo("PLANNED");
            assertThat(plannedTopUp.path("reason").asText())
                    .endsWith("would write: full PUT, then status-only PUT (status 1)");
            assertThat(plannedTopUp.at("/changes/1/after").asLong()).isEqualTo(500);
            assertThat(plannedIncident.path("result").asText()).isEqualTo("PLANNED");
            assertThat(plannedIncident.at("/changes/0/after").asText()).isEqualTo("10.1.0.0/16");
            assertThat(gateway.calls(Route.PUT_TOKEN) + gateway.calls(Route.PUT_STATUS_ONLY))
                    .isZero();
            assertThat(gateway.token(exhausted.id())).isEqualTo(exhausted);
            assertThat(gateway.token(leaked.id())).isEqualTo(leaked);
            assertThat(real.all()).isEmpty();
        }

        settings.put("token-policy.dry-run", false);
        try (WorkerProcess realRun = WorkerProcess.start(settings)) {
            assertThat(real.awaitFor(topUp).path("result").asText()).isEqualTo("APPLIED");
            assertThat(real.awaitFor(incident).path("result").asText()).isEqualTo("APPLIED");
            assertThat(gateway.token(exhausted.id()).remainQuota()).isEqualTo(500);
            assertThat(gateway.token(leaked.id()).allowIps()).isEqualTo("10.1.0.0/16");
        }

        settings.put("token-policy.dry-run", true);
        settings.put("spring.kafka.consumer.group-id", "after-" + run);
        try (WorkerProcess dryRunAfter = WorkerProcess.start(settings)) {
            planned.awaitAny("the second dry run's outcomes", 4, Duration.ofSeconds(60));

            assertThat(planned.all().subList(2, 4))
                    .extracting(outcome -> outcome.path("event_id").asText() + " "
                            + outcome.path("result").asText())
                    .containsExactlyInAnyOrder(topUp + " DUPLICATE", incident + " DUPLICATE");
        }
    }

    @Test
    void aDryRunForwardsNothingAndAnswersARecordOnAnotherPartitionThanItsTokensPlanned(Harness harness)
            throws Exception {
        String run = harness.run();
        String events = harness.eventsTopic();
        TokenApiEmulator gateway = harness.gateway();
        KafkaProducer<String, String> producer = harness.producer();
        Outcomes planned = harness.outcomes(harness.outcomesTopic() + ".dry-run");
        TopicReader published = harness.reader(events);
        EmulatedToken token = gateway.addToken(EmulatedToken.forUser(USER).build());
        String key = Long.toString(token.id());
        int own = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 3);
        int elsewhere = (own + 1) % 3;
        producer.send(new ProducerRecord<>(
                        events, elsewhere, key, CloudEvents.topUp("misplaced-" + run, token.id(), 500)))
                .get();
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.dry-run", true);

        try (WorkerProcess dryRun = WorkerProcess.start(settings)) {
            JsonNode outcome = planned.awaitFor("misplaced-" + run);

            assertThat(outcome.path("result").asText()).isEqualTo("PLANNED");
            assertThat(outcome.path("reason").asText()).contains("its token's partition " + own);
            assertThat(outcome.at("/input/partition").asInt()).isEqualTo(elsewhere);
            assertThat(outcome.at("/input/forwarded_from").isMissingNode()).isTrue();
            assertThat(published.all(record -> true))
                    .as("records on the events topic")
                    .hasSize(1);
            assertThat(gateway.calls(Route.PUT_TOKEN)).isZero();
        }
    }

    private static String publish(
            KafkaProducer<String, String> producer, String run, EmulatedToken token, String event) {
        producer.send(new ProducerRecord<>(WorkerSettings.eventsTopic(run), Long.toString(token.id()), event));
        return event.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
    }
}
