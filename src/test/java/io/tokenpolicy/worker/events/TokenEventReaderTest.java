package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.config.InputProperties;
import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenEventReaderTest {

    private static final long DEFAULT_USER = 1;
    private static final InputProperties LIMITS = new InputProperties(65_536, 8, 256);
    private static final String TOP_UP_DATA = "{\"token_id\":42,\"user_id\":7,\"amount\":500}";

    private final TokenEventReader reader = new TokenEventReader(LIMITS, Optional.of(DEFAULT_USER));
    private final TokenEventReader readerWithoutDefaultUser = new TokenEventReader(LIMITS, Optional.empty());

    @Test
    void structuredEventWithoutContentTypeIsReadable() {
        TokenEvent event = readable(reader.read(record("42", structured(Catalogue.TOPUP, TOP_UP_DATA))));

        assertThat(event).isEqualTo(CatalogueEvents.topUp(event.envelope(), 500));
        assertThat(event.envelope().id()).isEqualTo("evt-1");
        assertThat(event.envelope().type()).isEqualTo(Catalogue.TOPUP);
        assertThat(event.envelope().tokenId()).isEqualTo(42);
        assertThat(event.envelope().userId()).isEqualTo(7);
    }

    @Test
    void structuredEventWithCloudEventsContentTypeIsReadable() {
        ConsumerRecord<byte[], byte[]> record = record("42", structured(Catalogue.TOPUP, TOP_UP_DATA));
        record.headers().add("content-type", bytes("application/cloudevents+json; charset=UTF-8"));

        assertThat(readable(reader.read(record)).envelope().type()).isEqualTo(Catalogue.TOPUP);
    }

    @Test
    void structuredEventKeepsItsTime() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/billing\",\"type\":\"billing.topup\","
                + "\"time\":\"2026-05-01T12:00:00Z\",\"data\":" + TOP_UP_DATA + "}";

        assertThat(readable(reader.read(record("42", json))).envelope().time())
                .isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
    }

    @Test
    void binaryModeEventIsReadable() {
        ConsumerRecord<byte[], byte[]> record = binary("42", Catalogue.TOPUP, TOP_UP_DATA);

        TokenEvent event = readable(reader.read(record));

        assertThat(event.envelope().type()).isEqualTo(Catalogue.TOPUP);
        assertThat(event.data().get("amount")).contains(500L);
        assertThat(event.envelope().id()).isEqualTo("evt-1");
    }

    @Test
    void eventWithoutKeyIsInvalidSinceItWouldEscapeItsTokensOrder() {
        assertInvalid(reader.read(record(null, structured(Catalogue.TOPUP, TOP_UP_DATA))), "record key is missing");
    }

    @Test
    void securityIncidentIsReadWithItsAllowIps() {
        String data = "{\"token_id\":42,\"user_id\":7,\"severity\":\"medium\",\"reason\":\"odd traffic\","
                + "\"allow_ips\":[\"10.0.0.0/8\",\"2001:db8::1\"]}";

        TokenEvent event = readable(reader.read(record("42", structured(Catalogue.INCIDENT, data))));

        assertThat(event)
                .isEqualTo(CatalogueEvents.incident(
                        event.envelope(),
                        Severity.MEDIUM,
                        "odd traffic",
                        Optional.of(AllowIps.of(List.of("10.0.0.0/8", "2001:db8::1")))));
    }

    @Test
    void securityIncidentWithoutAllowIpsIsReadable() {
        String data = "{\"token_id\":42,\"user_id\":7,\"severity\":\"critical\",\"reason\":\"key leaked\"}";

        TokenEvent event = readable(reader.read(record("42", structured(Catalogue.INCIDENT, data))));

        assertThat(event)
                .isEqualTo(
                        CatalogueEvents.incident(event.envelope(), Severity.CRITICAL, "key leaked", Optional.empty()));
    }

    @Test
    void ipRestrictionIsReadable() {
        String data = "{\"token_id\":42,\"user_id\":7,\"allow_ips\":[\"192.168.1.0/24\"]}";

        TokenEvent event = readable(reader.read(record("42", structured(Catalogue.IP_RESTRICTION, data))));

        assertThat(event)
                .isEqualTo(CatalogueEvents.ipRestriction(event.envelope(), AllowIps.of(List.of("192.168.1.0/24"))));
    }

    @Test
    void omittedUserIdFallsBackToTheDefaultUser() {
        String data = "{\"token_id\":42,\"amount\":500}";

        assertThat(readable(reader.read(record("42", structured(Catalogue.TOPUP, data))))
                        .envelope()
                        .userId())
                .isEqualTo(DEFAULT_USER);
    }

    @Test
    void omittedUserIdWithoutDefaultUserIsInvalid() {
        String data = "{\"token_id\":42,\"amount\":500}";

        ReadResult result = readerWithoutDefaultUser.read(record("42", structured(Catalogue.TOPUP, data)));

        assertInvalid(result, "data.user_id is required");
    }

    @Test
    void valueThatIsNotJsonIsUnreadable() {
        assertUnreadable(reader.read(record("42", "hello {")), "value is not JSON");
    }

    @Test
    void jsonArrayIsUnreadable() {
        assertUnreadable(
                reader.read(record("42", "[" + structured(Catalogue.TOPUP, TOP_UP_DATA) + "]")),
                "value is not a JSON object");
    }

    @Test
    void emptyValueIsUnreadable() {
        assertUnreadable(reader.read(record("42", "")), "record has no value");
    }

    @Test
    void tombstoneIsUnreadableAndKeepsTheKeyAsTokenId() {
        ReadResult result = reader.read(new ConsumerRecord<>("token-events", 0, 0L, bytes("42"), null));

        assertUnreadable(result, "record has no value");
        assertThat(((ReadResult.Unreadable) result).identity())
                .isEqualTo(new EventIdentity(null, null, null, 42L, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "specversion"})
    void structuredEventMissingARequiredAttributeIsUnreadable(String attribute) {
        String json = structured(Catalogue.TOPUP, TOP_UP_DATA).replaceFirst("\"" + attribute + "\":\"[^\"]*\",", "");
        assertThat(json).doesNotContain("\"" + attribute + "\"");

        assertUnreadable(reader.read(record("42", json)), "not a CloudEvent");
        assertThat(reasonOf(reader.read(record("42", json)))).containsIgnoringCase(attribute);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce_id", "ce_source", "ce_type"})
    void binaryEventMissingARequiredHeaderIsUnreadable(String header) {
        ConsumerRecord<byte[], byte[]> record = binary("42", Catalogue.TOPUP, TOP_UP_DATA);
        record.headers().remove(header);

        assertUnreadable(reader.read(record), "not a binary-mode CloudEvent");
    }

    @Test
    void eventWithAnEmptySourceIsRejectedSinceItsKeyWouldNameItsIdAlone() {
        ReadResult result = reader.read(record(
                "42", structured(Catalogue.TOPUP, TOP_UP_DATA).replace("\"source\":\"/billing\"", "\"source\":\"\"")));

        assertThat(result).isNotInstanceOf(ReadResult.Readable.class);
        assertThat(reasonOf(result)).contains("source");
    }

    @Test
    void specVersionOtherThanOneIsInvalid() {
        String json =
                structured(Catalogue.TOPUP, TOP_UP_DATA).replace("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\"");

        assertInvalid(reader.read(record("42", json)), "specversion must be 1.0");
    }

    @Test
    void binarySpecVersionOtherThanOneIsInvalid() {
        ConsumerRecord<byte[], byte[]> record = binary("42", Catalogue.TOPUP, TOP_UP_DATA);
        record.headers().remove("ce_specversion").add("ce_specversion", bytes("0.3"));

        assertInvalid(reader.read(record), "specversion must be 1.0");
    }

    @Test
    void unknownTypeIsInvalidAndListsTheKnownOnes() {
        ReadResult result = reader.read(record("42", structured("billing.bonus", TOP_UP_DATA)));

        assertInvalid(result, "unknown event type 'billing.bonus'");
        assertThat(reasonOf(result)).contains(Catalogue.TOPUP, Catalogue.INCIDENT, Catalogue.IP_RESTRICTION);
        assertThat(((ReadResult.Invalid) result).identity())
                .isEqualTo(new EventIdentity("/billing", "evt-1", "billing.bonus", 42L, 7L));
    }

    @Test
    void eventWithoutDataIsInvalid() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/billing\",\"type\":\"billing.topup\"}";

        assertInvalid(reader.read(record("42", json)), "data is required");
    }

    @Test
    void binaryEventWithoutValueIsInvalid() {
        assertInvalid(reader.read(binary("42", Catalogue.TOPUP, null)), "data is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "true"})
    void dataThatIsNotAnObjectIsInvalid(String data) {
        assertInvalid(reader.read(record("42", structured(Catalogue.TOPUP, data))), "data must be a JSON object");
    }

    @Test
    void binaryDataThatIsNotJsonIsInvalid() {
        assertInvalid(reader.read(binary("42", Catalogue.TOPUP, "amount=5")), "data is not JSON");
    }

    @Test
    void missingTokenIdIsInvalid() {
        assertInvalid(
                reader.read(record(null, structured(Catalogue.TOPUP, "{\"user_id\":7,\"amount\":500}"))),
                "data.token_id is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "\"42\"", "42.5", "42.0", "1e2", "99999999999999999999", "[42]"})
    void tokenIdThatIsNotAPositiveIntegerIsInvalid(String tokenId) {
        String data = "{\"token_id\":" + tokenId + ",\"user_id\":7,\"amount\":500}";

        assertInvalid(
                reader.read(record(null, structured(Catalogue.TOPUP, data))),
                "data.token_id must be a positive integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-500", "\"500\"", "1.5", "500.0", "null"})
    void amountThatIsNotAPositiveIntegerIsInvalid(String amount) {
        String data = "{\"token_id\":42,\"user_id\":7,\"amount\":" + amount + "}";

        ReadResult result = reader.read(record("42", structured(Catalogue.TOPUP, data)));

        assertInvalid(result, "data.amount");
        assertThat(reasonOf(result)).containsAnyOf("must be a positive integer", "is required");
    }

    @Test
    void amountAboveTheGatewayMaximumIsInvalid() {
        String data = "{\"token_id\":42,\"user_id\":7,\"amount\":500000000000001}";

        assertInvalid(
                reader.read(record("42", structured(Catalogue.TOPUP, data))),
                "data.amount must not exceed 500000000000000");
    }

    @Test
    void amountAtTheGatewayMaximumIsReadable() {
        String data = "{\"token_id\":42,\"user_id\":7,\"amount\":500000000000000}";

        assertThat(readable(reader.read(record("42", structured(Catalogue.TOPUP, data))))
                        .envelope()
                        .type())
                .isEqualTo(Catalogue.TOPUP);
    }

    @Test
    void fieldOfAnotherEventTypeIsInvalid() {
        String data = "{\"token_id\":42,\"user_id\":7,\"amount\":500,\"allow_ips\":[\"10.0.0.0/8\"]}";

        assertInvalid(
                reader.read(record("42", structured(Catalogue.TOPUP, data))),
                "data.allow_ips is not a field of billing.topup");
    }

    @Test
    void invalidIpInAllowIpsIsInvalidAndNamesTheEntry() {
        String data = "{\"token_id\":42,\"user_id\":7,\"allow_ips\":[\"10.0.0.0/8\",\"1.2.3\"]}";

        assertInvalid(reader.read(record("42", structured(Catalogue.IP_RESTRICTION, data))), "data.allow_ips: '1.2.3'");
    }

    @Test
    void commaSeparatedAllowIpsEntryIsInvalid() {
        String data = "{\"token_id\":42,\"user_id\":7,\"allow_ips\":[\"1.1.1.1,2.2.2.2\"]}";

        assertInvalid(reader.read(record("42", structured(Catalogue.IP_RESTRICTION, data))), "data.allow_ips");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"10.0.0.0/8\"", "[10]"})
    void allowIpsThatIsNotANonEmptyArrayOfStringsIsInvalid(String allowIps) {
        String data = "{\"token_id\":42,\"user_id\":7,\"allow_ips\":" + allowIps + "}";

        assertInvalid(reader.read(record("42", structured(Catalogue.IP_RESTRICTION, data))), "data.allow_ips");
    }

    @Test
    void emptyAllowIpsInIncidentIsInvalid() {
        String data = "{\"token_id\":42,\"user_id\":7,\"severity\":\"low\",\"reason\":\"x\",\"allow_ips\":[]}";

        assertInvalid(
                reader.read(record("42", structured(Catalogue.INCIDENT, data))),
                "data.allow_ips must be a non-empty array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"severe\"", "\"HIGH\"", "\"\"", "3"})
    void unknownSeverityIsInvalid(String severity) {
        String data = "{\"token_id\":42,\"user_id\":7,\"severity\":" + severity + ",\"reason\":\"x\"}";

        assertInvalid(reader.read(record("42", structured(Catalogue.INCIDENT, data))), "data.severity");
    }

    @Test
    void incidentWithoutReasonIsInvalid() {
        String data = "{\"token_id\":42,\"user_id\":7,\"severity\":\"high\"}";

        assertInvalid(reader.read(record("42", structured(Catalogue.INCIDENT, data))), "data.reason is required");
    }

    @ParameterizedTest
    @CsvSource({"7", "abc", "042x"})
    void recordKeyOtherThanTheTokenIdIsInvalid(String key) {
        assertInvalid(
                reader.read(record(key, structured(Catalogue.TOPUP, TOP_UP_DATA))),
                "record key '" + key + "' is not data.token_id 42");
    }

    @Test
    void idOfMaximumLengthIsReadable() {
        String json = structured(Catalogue.TOPUP, TOP_UP_DATA).replace("\"evt-1\"", "\"" + "x".repeat(256) + "\"");

        assertThat(readable(reader.read(record("42", json))).envelope().id()).hasSize(256);
    }

    @Test
    void idLongerThan256CharactersIsInvalid() {
        String json = structured(Catalogue.TOPUP, TOP_UP_DATA).replace("\"evt-1\"", "\"" + "x".repeat(257) + "\"");

        assertInvalid(reader.read(record("42", json)), "id must be 1 to 256 characters");
    }

    @Test
    void emptyIdIsInvalid() {
        String json = structured(Catalogue.TOPUP, TOP_UP_DATA).replace("\"evt-1\"", "\"\"");

        assertInvalid(reader.read(record("42", json)), "id must be 1 to 256 characters");
    }

    @Test
    void emptyBinaryIdIsInvalid() {
        ConsumerRecord<byte[], byte[]> record = binary("42", Catalogue.TOPUP, TOP_UP_DATA);
        record.headers().remove("ce_id").add("ce_id", bytes(""));

        assertInvalid(reader.read(record), "id must be 1 to 256 characters");
    }

    private static String structured(String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/billing\",\"type\":\"" + type + "\","
                + "\"data\":" + data + "}";
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
        return new ConsumerRecord<>("token-events", 0, 0L, key == null ? null : bytes(key), bytes(value));
    }

    private static ConsumerRecord<byte[], byte[]> binary(String key, String type, String data) {
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("token-events", 0, 0L, bytes(key), data == null ? null : bytes(data));
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes("evt-1"))
                .add("ce_type", bytes(type))
                .add("ce_source", bytes("/billing"));
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static TokenEvent readable(ReadResult result) {
        assertThat(result).isInstanceOf(ReadResult.Readable.class);
        return ((ReadResult.Readable) result).event();
    }

    private static void assertInvalid(ReadResult result, String reason) {
        assertThat(result).isInstanceOf(ReadResult.Invalid.class);
        assertThat(reasonOf(result)).contains(reason);
    }

    private static void assertUnreadable(ReadResult result, String reason) {
        assertThat(result).isInstanceOf(ReadResult.Unreadable.class);
        assertThat(reasonOf(result)).contains(reason);
    }

    private static String reasonOf(ReadResult result) {
        if (result instanceof ReadResult.Invalid invalid) {
            return invalid.reason();
        }
        if (result instanceof ReadResult.Unreadable unreadable) {
            return unreadable.reason();
        }
        return "(readable)";
    }
}
