package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event is identified as CloudEvents says, by {@code source} and {@code id} together, and every outcome
 * names its input: the event's source and id and the record it was read from, even when the id was unusable.
 */
@RunsBesideOthers
@WorkerHarness(user = EventIdentityIT.USER)
class EventIdentityIT {

    static final long USER = 11;
    private static final long TOKEN = 7;
    private static final int PARTITIONS = 3;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;
    private long fundedAtStart;

    EventIdentityIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @BeforeEach
    void setUp() {
        fundedAtStart = gateway.addToken(EmulatedToken.forUser(USER)
                        .id(TOKEN)
                        .remainQuota(1_000_000)
                        .build())
                .fundedTotal();
    }

    @Test
    void oneIdFromTwoSourcesIsTwoEventsAndTheSameSourceAndIdAgainIsADuplicate() throws Exception {
        String id = "evt-" + UUID.randomUUID();
        try (WorkerJvm worker = WorkerJvm.start("event-identity-" + run, settings())) {
            publish(topUpFrom("/billing/eu", id, 100));
            publish(topUpFrom("/billing/us", id, 200));
            publish(topUpFrom("/billing/eu", id, 100));
            outcomes.awaitAny("the outcomes of the three records", 3);
        }
        assertThat(outcomes.all())
                .extracting(
                        o -> o.path("source").asText() + " " + o.path("result").asText())
                .containsExactly("/billing/eu APPLIED", "/billing/us APPLIED", "/billing/eu DUPLICATE");
        assertThat(gateway.token(TOKEN).fundedTotal()).isEqualTo(fundedAtStart + 300);
    }

    @Test
    void theOutcomeOfARecordWithoutAnEventIdNamesTheRecordItWasReadFrom() throws Exception {
        String id = "evt-" + UUID.randomUUID();
        try (WorkerJvm worker = WorkerJvm.start("event-identity-" + run, settings())) {
            RecordMetadata unreadable = publish("not a cloud event");
            RecordMetadata readable = publish(topUpFrom("/billing/eu", id, 100));
            outcomes.awaitAny("the outcomes of the two records", 2);

            List<JsonNode> both = outcomes.all();
            assertThat(both.get(0).path("event_id").isNull()).isTrue();
            assertThat(both.get(0).path("source").isNull()).isTrue();
            assertNamesRecord(both.get(0), unreadable);
            assertThat(both.get(1).path("event_id").asText()).isEqualTo(id);
            assertThat(both.get(1).path("source").asText()).isEqualTo("/billing/eu");
            assertNamesRecord(both.get(1), readable);
        }
    }

    @Test
    void theOutcomeOfARecordForwardedToItsTokensPartitionNamesWhereItWasPublished() throws Exception {
        String id = "evt-" + UUID.randomUUID();
        int elsewhere = (ownPartition() + 1) % PARTITIONS;
        try (WorkerJvm worker = WorkerJvm.start("event-identity-" + run, settings())) {
            RecordMetadata published = producer.send(new ProducerRecord<>(
                            events(), elsewhere, Long.toString(TOKEN), topUpFrom("/billing/eu", id, 700)))
                    .get();
            JsonNode outcome = outcomes.awaitFor(id);

            assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
            assertThat(outcome.at("/input/partition").asInt()).isEqualTo(ownPartition());
            assertThat(outcome.at("/input/forwarded_from/partition").asInt()).isEqualTo(elsewhere);
            assertThat(outcome.at("/input/forwarded_from/offset").asLong(-1)).isEqualTo(published.offset());
        }
        assertThat(outcomes.all()).as("one outcome, from the token's partition").hasSize(1);
        assertThat(gateway.token(TOKEN).fundedTotal()).isEqualTo(fundedAtStart + 700);
    }

    private static void assertNamesRecord(JsonNode outcome, RecordMetadata record) {
        JsonNode input = outcome.path("input");
        assertThat(input.path("topic").asText()).isEqualTo(record.topic());
        assertThat(input.path("partition").asInt(-1)).isEqualTo(record.partition());
        assertThat(input.path("offset").asLong(-1)).isEqualTo(record.offset());
    }

    private static String topUpFrom(String source, String id, long amount) {
        return CloudEvents.eventFrom(source, id, "billing.topup", Map.of("token_id", TOKEN, "amount", amount));
    }

    /** On the token's own partition, as Kafka's Java producer would put it. */
    private RecordMetadata publish(String value) throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(events(), ownPartition(), Long.toString(TOKEN), value))
                .get();
    }

    private static int ownPartition() {
        return BuiltInPartitioner.partitionForKey(Long.toString(TOKEN).getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("logging.level.io.tokenpolicy", "warn");
        return settings;
    }

    private String events() {
        return harness.eventsTopic();
    }
}
