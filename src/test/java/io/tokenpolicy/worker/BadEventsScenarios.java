package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input through the broker: each gets its REJECTED outcome (and, if unreadable, a dead letter), and the partition moves on. */
abstract class BadEventsScenarios extends TokenEventsScenarios {

    Stream<Arguments> invalidEvents() {
        return Stream.of(
                invalid(
                        "unknown type",
                        id -> CloudEvents.event(id, "billing.bonus", Map.of("token_id", 1)),
                        "unknown event type 'billing.bonus'"),
                invalid(
                        "missing token id",
                        id -> CloudEvents.event(id, "billing.topup", Map.of("amount", 5)),
                        "data.token_id is required"),
                invalid("zero amount", id -> CloudEvents.topUp(id, 0, 0), "data.amount must be a positive integer"),
                invalid(
                        "negative amount",
                        id -> CloudEvents.topUp(id, 0, -5),
                        "data.amount must be a positive integer"),
                invalid(
                        "amount above the gateway maximum",
                        id -> CloudEvents.topUp(id, 0, 500_000_000_000_001L),
                        "data.amount must not exceed 500000000000000"),
                invalid(
                        "invalid IP",
                        id -> CloudEvents.ipRestriction(id, 0, List.of("10.0.0.1", "999.1.1.1")),
                        "data.allow_ips: '999.1.1.1' is not an IP address or CIDR block"),
                invalid(
                        "invalid CIDR",
                        id -> CloudEvents.ipRestriction(id, 0, List.of("10.0.0.0/33")),
                        "data.allow_ips: '10.0.0.0/33' is not an IP address or CIDR block"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void invalidEventIsRejectedWithAReasonThatNamesTheProblemAndThePartitionMovesOn(
            String name, EventFactory bad, String reason) {
        EmulatedToken token = seed(token().remainQuota(0));
        String badId = eventId();
        String event = bad.create(badId).replace("\"token_id\":0", "\"token_id\":" + token.id());
        producer().send(record(token.id(), event));
        String goodId = eventId();
        producer().send(record(token.id(), CloudEvents.topUp(goodId, token.id(), 7)));

        JsonNode rejected = outcomes().awaitFor(badId);
        assertThat(rejected.path("result").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("reason").asText()).contains(reason);
        assertThat(outcomes().awaitFor(goodId).path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(7);
    }

    Stream<Arguments> unreadableRecords() {
        return Stream.of(
                Arguments.of("not JSON", "{\"marker\":\"%s\" oops", "value is not JSON"),
                Arguments.of("JSON but not an object", "[\"%s\"]", "value is not a JSON object"),
                Arguments.of(
                        "not a CloudEvent",
                        "{\"marker\":\"%s\",\"token_id\":1,\"amount\":5}",
                        "value is not a CloudEvent"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableRecords")
    void unreadableRecordIsRejectedAndParkedWithItsOriginalBytes(String name, String template, String reason) {
        EmulatedToken token = seed(token().remainQuota(0));
        String value = template.formatted(UUID.randomUUID());
        producer().send(record(token.id(), value));
        String goodId = eventId();
        producer().send(record(token.id(), CloudEvents.topUp(goodId, token.id(), 3)));

        ConsumerRecord<byte[], byte[]> parked =
                deadLetters().await("dead letter: " + name, record -> value.equals(utf8(record.value())));
        assertThat(utf8(parked.headers().lastHeader("dlt-reason").value())).contains(reason);
        assertThat(utf8(parked.headers().lastHeader("dlt-original-topic").value()))
                .isEqualTo("token-events");
        assertThat(outcomes().awaitFor(goodId).path("result").asText()).isEqualTo("APPLIED");
        assertThat(outcomes().all()).anySatisfy(outcome -> {
            assertThat(outcome.path("token_id").asLong()).isEqualTo(token.id());
            assertThat(outcome.path("result").asText()).isEqualTo("REJECTED");
            assertThat(outcome.path("reason").asText()).contains(reason);
        });
    }

    private static Arguments invalid(String name, EventFactory factory, String reason) {
        return Arguments.of(name, factory, reason);
    }

    @FunctionalInterface
    interface EventFactory {
        String create(String eventId);
    }
}
