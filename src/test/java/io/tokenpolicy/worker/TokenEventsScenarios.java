package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.Producers;
import io.tokenpolicy.worker.fixtures.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The worker end to end: events in through a real broker, token changes on the gateway
 * emulator, outcomes and dead letters out through the broker. Subclasses say which broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TokenEventsScenarios {

    static final long USER = 7;
    static final String ACCESS_TOKEN = "it-access-token-" + UUID.randomUUID();
    static final TokenApiEmulator gateway = TokenApiEmulator.start(0).addUser(USER, ACCESS_TOKEN);
    private static final AtomicLong tokenIds = new AtomicLong(1000);

    private KafkaProducer<String, String> producer;
    private Outcomes outcomes;
    private TopicReader deadLetters;

    abstract String bootstrapServers();

    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("token-api.base-url", gateway::baseUrl);
        registry.add("token-api.user-id", () -> USER);
        registry.add("token-api.access-token", () -> ACCESS_TOKEN);
        registry.add("token-policy.retry.initial-backoff", () -> "10ms");
        registry.add("token-policy.retry.max-backoff", () -> "50ms");
        registry.add("token-policy.rate-limit.requests", () -> 100_000);
        registry.add("token-policy.rate-limit.window", () -> "1s");
    }

    @BeforeAll
    void connect() {
        producer = Producers.strings(bootstrapServers());
        outcomes = new Outcomes(bootstrapServers(), "token-outcomes");
        deadLetters = new TopicReader(bootstrapServers(), "token-events.DLT");
    }

    @AfterAll
    void disconnect() {
        producer.close();
        outcomes.close();
        deadLetters.close();
    }

    @Test
    void topUpRaisesQuotaByExactlyTheAmountAndLeavesEveryOtherFieldAsItWas() {
        EmulatedToken before = seed(token().remainQuota(1_000)
                .name("billing-demo")
                .expiredTime(4_102_444_800L)
                .allowIps("10.0.0.0/8\n2001:db8::/32")
                .modelLimitsEnabled(true)
                .modelLimits("gpt-5.4,claude-sonnet-4-6")
                .group("vip")
                .crossGroupRetry(true)
                .autoGroups(List.of("default", "vip")));

        JsonNode outcome = send(before.id(), CloudEvents.topUp(eventId(), before.id(), 2_500));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        EmulatedToken after = gateway.token(before.id());
        assertThat(after.remainQuota()).isEqualTo(3_500);
        assertThat(after)
                .usingRecursiveComparison()
                .ignoringFields("remainQuota")
                .isEqualTo(before);
        assertThat(outcome.path("changes")).hasSize(1);
        assertThat(outcome.at("/changes/0/field").asText()).isEqualTo("remain_quota");
        assertThat(outcome.at("/changes/0/before").asLong()).isEqualTo(1_000);
        assertThat(outcome.at("/changes/0/after").asLong()).isEqualTo(3_500);
    }

    @Test
    void topUpOfExhaustedTokenReEnablesIt() {
        EmulatedToken token = seed(token().status(EmulatedToken.EXHAUSTED).remainQuota(0));

        JsonNode outcome = send(token.id(), CloudEvents.topUp(eventId(), token.id(), 500));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(500);
        assertThat(outcome.path("api_calls").asInt()).isEqualTo(3);
    }

    @Test
    void topUpOfDisabledTokenRaisesQuotaAndLeavesItDisabled() {
        EmulatedToken token = seed(token().status(EmulatedToken.DISABLED).remainQuota(100));

        JsonNode outcome = send(token.id(), CloudEvents.topUp(eventId(), token.id(), 900));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(1_000);
    }

    @Test
    void criticalIncidentDisablesToken() {
        EmulatedToken token = seed(token().remainQuota(5_000));

        JsonNode outcome = send(token.id(), CloudEvents.incident(eventId(), token.id(), "critical", null));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(5_000);
    }

    @Test
    void lowIncidentWithAllowIpsNarrowsAllowList() {
        EmulatedToken token = seed(token().allowIps("192.168.0.0/16"));

        JsonNode outcome =
                send(token.id(), CloudEvents.incident(eventId(), token.id(), "low", List.of("192.168.5.0/24")));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).allowIps()).isEqualTo("192.168.5.0/24");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void ipRestrictionNarrowsCidrToTheAddressItContains() {
        EmulatedToken token = seed(token().allowIps("10.0.0.0/8"));

        JsonNode outcome =
                send(token.id(), CloudEvents.ipRestriction(eventId(), token.id(), List.of("10.1.2.3", "172.16.0.1")));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).allowIps()).isEqualTo("10.1.2.3");
        assertThat(gateway.admits(token.id(), "10.1.2.3")).isTrue();
        assertThat(gateway.admits(token.id(), "10.1.2.4")).isFalse();
        assertThat(gateway.admits(token.id(), "172.16.0.1")).isFalse();
    }

    @Test
    void ipRestrictionOfUnrestrictedTokenWritesOneEntryPerLine() {
        EmulatedToken token = seed(token().allowIps(null));

        send(token.id(), CloudEvents.ipRestriction(eventId(), token.id(), List.of("203.0.113.0/24", "2001:db8::1")));

        assertThat(gateway.token(token.id()).allowIps()).isEqualTo("2001:db8::1\n203.0.113.0/24");
        assertThat(gateway.admits(token.id(), "203.0.113.77")).isTrue();
        assertThat(gateway.admits(token.id(), "198.51.100.1")).isFalse();
    }

    @Test
    void ipRestrictionWithEmptyIntersectionDisablesTokenInsteadOfUnrestrictingIt() {
        EmulatedToken token = seed(token().allowIps("10.0.0.0/8"));

        JsonNode outcome = send(token.id(), CloudEvents.ipRestriction(eventId(), token.id(), List.of("192.168.1.1")));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(token.id()).allowIps()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void binaryModeEventIsApplied() {
        EmulatedToken token = seed(token().remainQuota(10));
        String id = eventId();
        ProducerRecord<String, String> record = new ProducerRecord<>(
                "token-events", Long.toString(token.id()), "{\"token_id\":" + token.id() + ",\"amount\":15}");
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id);
        header(record, "ce_source", "/billing/test");
        header(record, "ce_type", "billing.topup");
        header(record, "content-type", "application/json");
        producer.send(record);

        assertThat(outcomes.awaitFor(id).path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(25);
    }

    @Test
    void eventsForOneTokenAreAppliedInTheOrderTheyWerePublished() {
        EmulatedToken token = seed(token().remainQuota(0).status(EmulatedToken.ENABLED));
        List<String> ids = new ArrayList<>();
        IntStream.rangeClosed(1, 25).forEach(amount -> {
            String id = eventId();
            ids.add(id);
            producer.send(new ProducerRecord<>(
                    "token-events", Long.toString(token.id()), CloudEvents.topUp(id, token.id(), amount)));
        });

        List<JsonNode> published = outcomes.awaitAll(ids);

        long expectedBefore = 0;
        for (int i = 0; i < ids.size(); i++) {
            JsonNode outcome = published.get(i);
            assertThat(outcome.path("event_id").asText()).isEqualTo(ids.get(i));
            assertThat(outcome.at("/changes/0/before").asLong()).isEqualTo(expectedBefore);
            expectedBefore += i + 1;
        }
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(25 * 26 / 2);
    }

    @Test
    void eventForTokenTheGatewayDoesNotKnowIsRejectedWithTheGatewaysReason() {
        long unknown = tokenIds.incrementAndGet();

        JsonNode outcome = send(unknown, CloudEvents.topUp(eventId(), unknown, 10));

        assertThat(outcome.path("result").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("reason").asText())
                .startsWith("gateway refused")
                .contains("record not found");
        assertThat(outcome.path("api_calls").asInt()).isEqualTo(1);
    }

    @Test
    void unreadableRecordIsRejectedParkedWithItsOriginalBytesAndThePartitionMovesOn() {
        EmulatedToken token = seed(token().remainQuota(0));
        String key = Long.toString(token.id());
        producer.send(new ProducerRecord<>("token-events", key, "this is { not json"));
        String good = eventId();
        producer.send(new ProducerRecord<>("token-events", key, CloudEvents.topUp(good, token.id(), 42)));

        ConsumerRecord<byte[], byte[]> parked = deadLetters.await(
                "dead letter of the unreadable record", record -> "this is { not json".equals(utf8(record.value())));
        assertThat(utf8(parked.key())).isEqualTo(key);
        assertThat(utf8(parked.headers().lastHeader("dlt-reason").value())).contains("not JSON");
        assertThat(outcomes.awaitFor(good).path("result").asText()).isEqualTo("APPLIED");
        JsonNode rejected = outcomes.all().stream()
                .filter(o -> o.path("token_id").asLong() == token.id()
                        && o.path("event_id").isNull())
                .findFirst()
                .orElseThrow();
        assertThat(rejected.path("result").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("reason").asText()).contains("not JSON");
    }

    ProducerRecord<String, String> record(long tokenId, String value) {
        return new ProducerRecord<>("token-events", Long.toString(tokenId), value);
    }

    JsonNode send(long tokenId, String event) {
        producer.send(record(tokenId, event));
        return outcomes.awaitFor(eventIdOf(event));
    }

    KafkaProducer<String, String> producer() {
        return producer;
    }

    Outcomes outcomes() {
        return outcomes;
    }

    TopicReader deadLetters() {
        return deadLetters;
    }

    static EmulatedToken seed(EmulatedToken.Builder token) {
        return gateway.addToken(token.build());
    }

    static EmulatedToken.Builder token() {
        return EmulatedToken.forUser(USER)
                .id(tokenIds.incrementAndGet())
                .status(EmulatedToken.ENABLED)
                .remainQuota(1_000)
                .expiredTime(-1)
                .name("it-token");
    }

    static String eventId() {
        return "evt-" + UUID.randomUUID();
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String eventIdOf(String event) {
        int start = event.indexOf("\"id\":\"") + 6;
        return event.substring(start, event.indexOf('"', start));
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
