package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.emulator.UsageGenerator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once effects through crashes: the worker runs as its own JVM and is killed with
 * SIGKILL at random moments while usage runs on the gateway. Afterwards every record has
 * exactly one outcome, every distinct event id exactly one APPLIED, and every token's funded
 * total has risen by exactly the sum of its distinct top-ups.
 */
@RunsBesideOthers
@WorkerHarness(user = ExactlyOnceIT.USER)
class ExactlyOnceIT {

    static final long USER = 11;
    private static final int TOKENS = 50;
    /**
     * Usage on every token ten times a second (500 uses a second in all): it often lands between
     * a GET and its PUT, and the worker must take it back, which it can once a write's window has
     * none.
     */
    private static final Duration USAGE_PERIOD = Duration.ofMillis(100);

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final Random random = new Random();
    private final Map<String, TopUpSent> sent = new LinkedHashMap<>();
    private final List<String> records = new ArrayList<>();
    private final Map<Long, Long> fundedAtStart = new HashMap<>();
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;

    record TopUpSent(long tokenId, long amount, String json) {}

    ExactlyOnceIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @BeforeEach
    void setUp() {
        gateway.setLatency(Duration.ofMillis(3));
        for (long id = 1; id <= TOKENS; id++) {
            EmulatedToken token = gateway.addToken(
                    EmulatedToken.forUser(USER).id(id).remainQuota(5_000_000).build());
            fundedAtStart.put(id, token.fundedTotal());
        }
    }

    @Test
    void sigkilledThreeTimesAtRandomMomentsAppliesEveryTopUpExactlyOnce() {
        try (UsageGenerator usage = gateway.startUsage(USAGE_PERIOD, 1)) {
            publishTopUps(2_000, 150);
            for (int kill = 1; kill <= 3; kill++) {
                WorkerJvm worker = WorkerJvm.start("exactly-once-" + run, settings());
                outcomes.awaitAny("outcomes before kill " + kill, randomShareOfRecords(kill));
                worker.kill();
            }
            try (WorkerJvm last = WorkerJvm.start("exactly-once-" + run, settings())) {
                awaitOutcomeForEveryRecord();
            }
        }
        assertExactlyOnce();
        assertThat(outcomes.all())
                .as("some write overwrote usage and took it back with a corrective PUT")
                .anySatisfy(o -> assertThat(o.path("api_calls").asInt()).isGreaterThan(2));
    }

    @Test
    void twoInstancesInOneGroupWhereOneDiesMidStreamApplyEveryTopUpExactlyOnce() {
        try (UsageGenerator usage = gateway.startUsage(USAGE_PERIOD, 1);
                WorkerJvm survivor = WorkerJvm.start("pair-a-" + run, settings())) {
            WorkerJvm victim = WorkerJvm.start("pair-b-" + run, settings());
            publishTopUps(1_000, 80);
            outcomes.awaitAny("outcomes before one instance dies", 300);
            victim.kill();
            awaitOutcomeForEveryRecord();
        }
        assertExactlyOnce();
    }

    @Test
    void sameTopUpPublishedTwiceAnHourApartWithARestartBetweenIsAppliedOnce() {
        String id = "evt-" + UUID.randomUUID();
        String first = CloudEvents.event(id, "billing.topup", Map.of("token_id", 7, "amount", 500))
                .replace("2026-11-26T12:00:00Z", "2026-11-26T12:00:00Z");
        String anHourLater = first.replace("2026-11-26T12:00:00Z", "2026-11-26T13:00:00Z");
        try (WorkerJvm worker = WorkerJvm.start("duplicate-" + run, settings())) {
            producer.send(new ProducerRecord<>(events(), "7", first));
            assertThat(outcomes.awaitFor(id).path("result").asText()).isEqualTo("APPLIED");
        }
        try (WorkerJvm restarted = WorkerJvm.start("duplicate-" + run, settings())) {
            producer.send(new ProducerRecord<>(events(), "7", anHourLater));
            outcomes.awaitAny("the second outcome", 2);
        }
        List<JsonNode> both = outcomes.all();
        assertThat(both).extracting(o -> o.path("result").asText()).containsExactly("APPLIED", "DUPLICATE");
        assertThat(gateway.calls(Route.PUT_TOKEN)).isEqualTo(1);
        assertThat(gateway.token(7).fundedTotal()).isEqualTo(fundedAtStart.get(7L) + 500);
    }

    /** As a producer with a CRC32 partitioner may: half of each token's top-ups on another partition than its own. */
    @Test
    void topUpsOfATokenPublishedOnTwoPartitionsAreAppliedExactlyOnceAndRepeatsAcrossThemAreDuplicates() {
        try (UsageGenerator usage = gateway.startUsage(USAGE_PERIOD, 1);
                WorkerJvm worker = WorkerJvm.start("two-partitions-" + run, settings())) {
            for (int i = 0; i < 60; i++) {
                for (long tokenId = 1; tokenId <= 6; tokenId++) {
                    String id = "evt-" + UUID.randomUUID();
                    long amount = 1 + random.nextInt(1_000);
                    sent.put(id, new TopUpSent(tokenId, amount, CloudEvents.topUp(id, tokenId, amount)));
                    publish(id, sent.get(id), i % 2 == 0 ? 0 : 1);
                    if (i % 10 == 0) {
                        publish(id, sent.get(id), i % 2 == 0 ? 1 : 0);
                    }
                }
            }
            producer.flush();
            awaitOutcomeForEveryRecord();
        }
        assertExactlyOnce();
    }

    private void publishTopUps(int distinct, int republished) {
        for (int i = 0; i < distinct; i++) {
            long tokenId = 1 + random.nextInt(TOKENS);
            long amount = 1 + random.nextInt(1_000);
            String id = "evt-" + UUID.randomUUID();
            TopUpSent topUp = new TopUpSent(tokenId, amount, CloudEvents.topUp(id, tokenId, amount));
            sent.put(id, topUp);
            publish(id, topUp);
            if (i % (distinct / republished) == 0) {
                List<String> ids = new ArrayList<>(sent.keySet());
                String again = ids.get(random.nextInt(ids.size()));
                publish(again, sent.get(again));
            }
        }
        producer.flush();
    }

    private void publish(String id, TopUpSent topUp) {
        publish(id, topUp, null);
    }

    /** On the given partition, or (null) on the token's own, as Kafka's Java producer puts it. */
    private void publish(String id, TopUpSent topUp, Integer partition) {
        records.add(id);
        producer.send(new ProducerRecord<>(events(), partition, Long.toString(topUp.tokenId()), topUp.json()));
    }

    private int randomShareOfRecords(int kill) {
        int step = records.size() / 4;
        return step * (kill - 1) + 1 + random.nextInt(step);
    }

    private void awaitOutcomeForEveryRecord() {
        outcomes.awaitAny("an outcome for each of the " + records.size() + " records", records.size());
    }

    private void assertExactlyOnce() {
        List<JsonNode> all = outcomes.all();
        assertThat(all)
                .filteredOn(o -> !List.of("APPLIED", "DUPLICATE")
                        .contains(o.path("result").asText()))
                .as("outcomes other than APPLIED and DUPLICATE")
                .isEmpty();
        assertThat(all).as("one outcome per record").hasSize(records.size());
        Map<String, List<String>> resultsById = all.stream()
                .collect(Collectors.groupingBy(
                        o -> o.path("event_id").asText(),
                        Collectors.mapping(o -> o.path("result").asText(), Collectors.toList())));
        assertThat(resultsById.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        resultsById.forEach((id, results) ->
                assertThat(results).as(id).containsOnlyOnce("APPLIED").isSubsetOf("APPLIED", "DUPLICATE"));
        Map<Long, Long> toppedUp = sent.values().stream()
                .collect(Collectors.groupingBy(TopUpSent::tokenId, Collectors.summingLong(TopUpSent::amount)));
        fundedAtStart.forEach(
                (tokenId, funded) -> assertThat(gateway.token(tokenId).fundedTotal())
                        .as("funded total of token %d", tokenId)
                        .isEqualTo(funded + toppedUp.getOrDefault(tokenId, 0L)));
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("spring.kafka.consumer.properties.session.timeout.ms", 6000);
        settings.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1000);
        settings.put("token-policy.concurrency.max-in-flight", 16);
        settings.put("logging.level.io.tokenpolicy", "warn");
        return settings;
    }

    private String events() {
        return harness.eventsTopic();
    }
}
