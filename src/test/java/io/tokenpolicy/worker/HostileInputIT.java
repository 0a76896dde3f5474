package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.HostileInput.Bad;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.EmbeddedKafkaAddress;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The catalogue of bad input through a real broker, one worker for all of it: each record gets
 * its REJECTED outcome with a reason that names the problem (and, when it is not a CloudEvent,
 * a dead letter), leaves its token as it was, and the token's next event on the same partition
 * is applied. The whole catalogue is published at once, each case on its own token, so the
 * worker handles it as it would a real stream; each test then checks one case.
 */
@SpringBootTest
@Import(EmbeddedKafkaAddress.class)
@EmbeddedKafka(
        partitions = HostileInputIT.PARTITIONS,
        topics = {"token-events", "token-outcomes", "token-events.DLT"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    static final int PARTITIONS = 3;
    private static final long USER = 7;
    private static final long TOP_UP = 7;
    private static final String ACCESS_TOKEN = "it-access-token-" + UUID.randomUUID();
    private static final TokenApiEmulator gateway = TokenApiEmulator.start(0).addUser(USER, ACCESS_TOKEN);
    private static final AtomicLong tokenIds = new AtomicLong(5000);

    @Autowired
    private EmbeddedKafkaBroker broker;

    private KafkaProducer<byte[], byte[]> producer;
    private Outcomes outcomes;
    private TopicReader deadLetters;
    private final Map<String, Published> published = new HashMap<>();
    private List<JsonNode> outcomesSeen = List.of();
    private List<ConsumerRecord<byte[], byte[]>> deadLettersSeen = List.of();

    /** What was published for one case: the token as it was, where the bad record landed, the good event after it. */
    private record Published(
            EmulatedToken before, Future<RecordMetadata> bad, Future<RecordMetadata> good, String goodId) {}

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("token-api.base-url", gateway::baseUrl);
        registry.add("token-api.user-id", () -> USER);
        registry.add("token-api.access-token", () -> ACCESS_TOKEN);
        registry.add("token-policy.rate-limit.requests", () -> 100_000);
        registry.add("token-policy.rate-limit.window", () -> "1s");
    }

    @BeforeAll
    void connect() {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        outcomes = new Outcomes(broker.getBrokersAsString(), "token-outcomes");
        deadLetters = new TopicReader(broker.getBrokersAsString(), "token-events.DLT");
        catalogue().forEach(input -> published.put(input.name(), publish(input)));
    }

    @AfterAll
    void disconnect() {
        producer.close();
        outcomes.close();
        deadLetters.close();
    }

    static Stream<HostileInput> catalogue() {
        return HostileInputs.catalogue();
    }

    @Test
    void catalogueHasAtLeastThirtyDistinctCases() {
        assertThat(catalogue().map(HostileInput::name).distinct().count())
                .isEqualTo(catalogue().count())
                .isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void badInputIsRejectedNamingTheProblemAndTheTokensNextEventIsApplied(HostileInput input) throws Exception {
        Published sent = published.get(input.name());
        EmulatedToken before = sent.before();
        RecordMetadata bad = sent.bad().get(30, TimeUnit.SECONDS);
        assertThat(sent.good().get(30, TimeUnit.SECONDS).partition()).isEqualTo(bad.partition());

        assertThat(outcome(
                                "outcome of " + sent.goodId(),
                                o -> o.path("event_id").asText().equals(sent.goodId()))
                        .path("result")
                        .asText())
                .isEqualTo("APPLIED");
        assertThat(gateway.token(before.id()))
                .usingRecursiveComparison()
                .isEqualTo(before.toBuilder().remainQuota(TOP_UP).build());
        JsonNode rejected = outcome(
                "REJECTED outcome of token " + before.id(),
                o -> o.path("token_id").asLong() == before.id()
                        && o.path("result").asText().equals("REJECTED"));
        assertThat(rejected.path("reason").asText()).contains(input.reason()).doesNotContainPattern("\\p{Cntrl}");
        Optional<ConsumerRecord<byte[], byte[]>> parked = input.parked()
                ? Optional.of(deadLetterOf(bad))
                : deadLettersSeen.stream()
                        .filter(letter -> isCopyOf(letter, bad))
                        .findFirst();
        assertThat(parked.isPresent()).as("parked on the dead-letter topic").isEqualTo(input.parked());
        parked.ifPresent(letter -> assertThat(header(letter, "dlt-reason")).contains(input.reason()));
    }

    /** From the outcomes read so far, reading more (bounded) only when the one sought is not among them. */
    private JsonNode outcome(String what, Predicate<JsonNode> match) {
        if (outcomesSeen.stream().noneMatch(match)) {
            outcomesSeen = await(what).atMost(Duration.ofSeconds(30)).until(outcomes::all, all -> all.stream()
                    .anyMatch(match));
        }
        return outcomesSeen.stream().filter(match).findFirst().orElseThrow();
    }

    private ConsumerRecord<byte[], byte[]> deadLetterOf(RecordMetadata bad) {
        if (deadLettersSeen.stream().noneMatch(letter -> isCopyOf(letter, bad))) {
            deadLettersSeen = await("dead letter of offset " + bad.offset())
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> deadLetters.all(letter -> true), all -> all.stream()
                            .anyMatch(letter -> isCopyOf(letter, bad)));
        }
        return deadLettersSeen.stream()
                .filter(letter -> isCopyOf(letter, bad))
                .findFirst()
                .orElseThrow();
    }

    private Published publish(HostileInput input) {
        EmulatedToken before = gateway.addToken(EmulatedToken.forUser(USER)
                .id(tokenIds.incrementAndGet())
                .status(EmulatedToken.ENABLED)
                .remainQuota(0)
                .expiredTime(-1)
                .name("hostile-input")
                .build());
        int partition = partitionOf(before.id());
        Future<RecordMetadata> bad = send(partition, input.maker().make(before.id(), "evt-" + UUID.randomUUID()));
        String goodId = "evt-" + UUID.randomUUID();
        Future<RecordMetadata> good =
                send(partition, Bad.keyed(before.id(), CloudEvents.topUp(goodId, before.id(), TOP_UP)));
        return new Published(before, bad, good, goodId);
    }

    private Future<RecordMetadata> send(int partition, Bad record) {
        return producer.send(new ProducerRecord<>(
                "token-events", partition, record.key(), record.value(), List.copyOf(record.headers())));
    }

    private static boolean isCopyOf(ConsumerRecord<byte[], byte[]> letter, RecordMetadata bad) {
        return Integer.toString(bad.partition()).equals(header(letter, "dlt-original-partition"))
                && Long.toString(bad.offset()).equals(header(letter, "dlt-original-offset"));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The partition the default partitioner gives the token's key, so that bad and good records share it. */
    private static int partitionOf(long tokenId) {
        return Utils.toPositive(Utils.murmur2(Long.toString(tokenId).getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
