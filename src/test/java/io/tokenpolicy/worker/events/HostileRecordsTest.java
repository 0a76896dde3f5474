package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.config.InputProperties;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed, hostile and huge records: each is refused with a short, printable reason that names what is wrong. */
class HostileRecordsTest {

    private static final String SECRET = "sk-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3kLm6n";
    private static final String DATA = "{\"token_id\":42,\"amount\":5}";
    private static final Class<ReadResult.Unreadable> UNREADABLE = ReadResult.Unreadable.class;
    private static final Class<ReadResult.Invalid> INVALID = ReadResult.Invalid.class;

    private final TokenEventReader reader = new TokenEventReader(new InputProperties(4096, 8, 16), Optional.of(1L));

    static Stream<Arguments> hostileRecords() {
        return Stream.of(
                hostile(
                        "value over the size cap",
                        record(
                                "42",
                                event(
                                        "billing.topup",
                                        "{\"token_id\":42,\"amount\":5,\"pad\":\"" + "x".repeat(5000) + "\"}")),
                        UNREADABLE,
                        "more than 4096 (token-policy.input.max-record-bytes)"),
                hostile(
                        "headers over the size cap",
                        withHeader(record("42", event("billing.topup", DATA)), "trace", "x".repeat(5000)),
                        UNREADABLE,
                        "max-record-bytes"),
                hostile(
                        "nesting deeper than the cap",
                        record(
                                "42",
                                event(
                                        "billing.topup",
                                        "{\"token_id\":42,\"amount\":" + "[".repeat(9) + "]".repeat(9) + "}")),
                        UNREADABLE,
                        "nesting depth"),
                hostile(
                        "duplicate attribute",
                        record(
                                "42",
                                event("billing.topup", DATA)
                                        .replace("{\"specversion\"", "{\"id\":\"other\",\"specversion\"")),
                        UNREADABLE,
                        "Duplicate field 'id'"),
                hostile(
                        "duplicate data field",
                        record("42", event("billing.topup", "{\"token_id\":42,\"amount\":5,\"amount\":500000}")),
                        UNREADABLE,
                        "at /data/amount"),
                hostile(
                        "content after the JSON",
                        record("42", event("billing.topup", DATA) + " {}"),
                        UNREADABLE,
                        "value has content after its JSON"),
                hostile(
                        "bytes that are not UTF-8",
                        record("42", bytes(event("billing.topup", DATA)), 0xC3, 0x28),
                        UNREADABLE,
                        "value is not UTF-8: invalid byte at offset"),
                hostile(
                        "number of 200 digits",
                        record("42", event("billing.topup", "{\"token_id\":42,\"amount\":" + "9".repeat(200) + "}")),
                        UNREADABLE,
                        "at /data/amount"),
                hostile(
                        "specversion 2.0",
                        record("42", event("billing.topup", DATA).replace("1.0", "2.0")),
                        UNREADABLE,
                        "specversion"),
                hostile(
                        "token field as attribute name",
                        record(
                                "42",
                                event("billing.topup", DATA)
                                        .replace("{\"specversion\"", "{\"remain_quota\":1,\"specversion\"")),
                        UNREADABLE,
                        "remain_quota"),
                hostile(
                        "attribute that is an object",
                        record(
                                "42",
                                event("billing.topup", DATA)
                                        .replace("{\"specversion\"", "{\"trace\":{\"a\":1},\"specversion\"")),
                        UNREADABLE,
                        "attribute trace must be a string, number or boolean"),
                hostile(
                        "structured record with a foreign content-type",
                        withHeader(record("42", event("billing.topup", DATA)), "content-type", "text/plain"),
                        UNREADABLE,
                        "header content-type 'text/plain'"),
                hostile(
                        "binary header repeated",
                        withHeader(binary("42", DATA), "ce_id", "evt-2"),
                        UNREADABLE,
                        "header ce_id appears more than once"),
                hostile(
                        "binary header without value",
                        withHeader(binary("42", DATA), "ce_subject", null),
                        UNREADABLE,
                        "header ce_subject has no value"),
                hostile(
                        "binary header not UTF-8",
                        withRawHeader(binary("42", DATA), "ce_subject", new byte[] {(byte) 0xFF}),
                        UNREADABLE,
                        "header ce_subject is not UTF-8"),
                hostile(
                        "binary headers with a structured content-type",
                        withHeader(binary("42", DATA), "content-type", "application/cloudevents+json"),
                        UNREADABLE,
                        "says structured mode"),
                hostile(
                        "datacontenttype that is not a media type",
                        record(
                                "42",
                                event("billing.topup", DATA)
                                        .replace(
                                                "{\"specversion\"",
                                                "{\"datacontenttype\":\"application/json;charset\",\"specversion\"")),
                        UNREADABLE,
                        "datacontenttype 'application/json;charset' is not a media type"),
                hostile(
                        "datacontenttype with LF",
                        record(
                                "42",
                                event("billing.topup", DATA)
                                        .replace(
                                                "{\"specversion\"",
                                                "{\"datacontenttype\":\"application/json;;\\n\",\"specversion\"")),
                        UNREADABLE,
                        "datacontenttype contains the control character U+000A"),
                hostile(
                        "binary ce_datacontenttype that is not a media type",
                        withHeader(binary("42", DATA), "ce_datacontenttype", "json"),
                        UNREADABLE,
                        "header ce_datacontenttype 'json' is not a media type"),
                hostile(
                        "id with CR LF",
                        record("42", event("billing.topup", DATA).replace("evt-1", "evt-1\\r\\nforged")),
                        INVALID,
                        "id contains the control character U+000D"),
                hostile(
                        "id with NUL",
                        record("42", event("billing.topup", DATA).replace("evt-1", "evt\\u0000")),
                        INVALID,
                        "id contains the control character U+0000"),
                hostile(
                        "id with an unpaired surrogate",
                        record("42", event("billing.topup", DATA).replace("evt-1", "evt\\ud800")),
                        INVALID,
                        "id contains an unpaired surrogate"),
                hostile(
                        "blank id",
                        record("42", event("billing.topup", DATA).replace("evt-1", "   ")),
                        INVALID,
                        "id must be 1 to 256 characters, not blank"),
                hostile(
                        "type with ESC",
                        record("42", event("billing.topup\\u001b[2J", DATA)),
                        INVALID,
                        "type contains the control character U+001B"),
                hostile(
                        "subject with LF",
                        record(
                                "42",
                                event("billing.topup", DATA)
                                        .replace("{\"specversion\"", "{\"subject\":\"a\\nb\",\"specversion\"")),
                        INVALID,
                        "subject contains the control character U+000A"),
                hostile(
                        "extension named like a token field",
                        record(
                                "42",
                                event("billing.topup", DATA)
                                        .replace("{\"specversion\"", "{\"status\":1,\"specversion\"")),
                        INVALID,
                        "attribute status is not applied"),
                hostile(
                        "data that is not JSON by content type",
                        record(
                                "42",
                                event("billing.topup", DATA)
                                        .replace(
                                                "{\"specversion\"",
                                                "{\"datacontenttype\":\"text/plain\",\"specversion\"")
                                        .replace("\"data\":" + DATA, "\"data\":\"{}\"")),
                        INVALID,
                        "datacontenttype 'text/plain' is not JSON"),
                hostile(
                        "reason with CR LF",
                        record(
                                "42",
                                event(
                                        "security.incident",
                                        "{\"token_id\":42,\"severity\":\"high\",\"reason\":\"leak\\r\\nINFO forged\"}")),
                        INVALID,
                        "data.reason contains the control character U+000D"),
                hostile(
                        "reason too long",
                        record(
                                "42",
                                event(
                                        "security.incident",
                                        "{\"token_id\":42,\"severity\":\"high\",\"reason\":\"" + "r".repeat(501)
                                                + "\"}")),
                        INVALID,
                        "data.reason is longer than 500 characters"),
                hostile(
                        "amount 1e309",
                        record("42", event("billing.topup", "{\"token_id\":42,\"amount\":1e309}")),
                        INVALID,
                        "data.amount must be a positive integer, not a decimal or exponent number"),
                hostile(
                        "amount past a long",
                        record("42", event("billing.topup", "{\"token_id\":42,\"amount\":9223372036854775808}")),
                        INVALID,
                        "not beyond a 64-bit integer"),
                hostile(
                        "amount as a string",
                        record("42", event("billing.topup", "{\"token_id\":42,\"amount\":\"12\"}")),
                        INVALID,
                        "data.amount must be a positive integer, not a string"),
                hostile(
                        "amount -0",
                        record("42", event("billing.topup", "{\"token_id\":42,\"amount\":-0}")),
                        INVALID,
                        "data.amount must be a positive integer, not zero or negative"),
                hostile(
                        "top-up carrying status",
                        record("42", event("billing.topup", "{\"token_id\":42,\"amount\":5,\"status\":1}")),
                        INVALID,
                        "data.status is not a field of billing.topup"),
                hostile(
                        "top-up carrying a long name",
                        record(
                                "42",
                                event(
                                        "billing.topup",
                                        "{\"token_id\":42,\"amount\":5,\"name\":\"" + "n".repeat(60) + "\"}")),
                        INVALID,
                        "data.name is not a field of billing.topup"),
                hostile(
                        "allow_ips 0.0.0.0/0",
                        record(
                                "42",
                                event(
                                        "security.ip_restriction",
                                        "{\"token_id\":42,\"allow_ips\":[\"10.0.0.1\",\"0.0.0.0/0\"]}")),
                        INVALID,
                        "data.allow_ips: '0.0.0.0/0' admits every address"),
                hostile(
                        "allow_ips ::/0",
                        record("42", event("security.ip_restriction", "{\"token_id\":42,\"allow_ips\":[\"::/0\"]}")),
                        INVALID,
                        "data.allow_ips: '::/0' admits every address"),
                hostile(
                        "allow_ips over the list cap",
                        record(
                                "42",
                                event(
                                        "security.ip_restriction",
                                        "{\"token_id\":42,\"allow_ips\":["
                                                + String.join(",", Collections.nCopies(17, "\"10.0.0.1\"")) + "]}")),
                        INVALID,
                        "data.allow_ips has 17 entries, more than 16"),
                hostile(
                        "allow_ips entry with LF",
                        record(
                                "42",
                                event(
                                        "security.ip_restriction",
                                        "{\"token_id\":42,\"allow_ips\":[\"10.0.0.1\",\"10.0.0.2\\n0.0.0.0/0\"]}")),
                        INVALID,
                        "data.allow_ips[1] contains the control character U+000A"),
                hostile(
                        "key with a leading zero",
                        record("042", event("billing.topup", DATA)),
                        INVALID,
                        "record key '042' is not data.token_id 42"),
                hostile(
                        "key with a space",
                        record(" 42", event("billing.topup", DATA)),
                        INVALID,
                        "record key ' 42' is not data.token_id 42"),
                hostile("no key", record(null, event("billing.topup", DATA)), INVALID, "record key is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void hostileRecordIsRefusedWithAPrintableReasonThatNamesTheProblem(
            String name, ConsumerRecord<byte[], byte[]> record, Class<? extends ReadResult> kind, String reason) {
        ReadResult result = reader.read(record);

        assertThat(result).isInstanceOf(kind);
        assertThat(reasonOf(result)).contains(reason).hasSizeLessThan(400).doesNotContainPattern("\\p{Cntrl}");
    }

    @Test
    void invalidIdIsLeftOutOfTheOutcome() {
        ReadResult result =
                reader.read(record("42", event("billing.topup", DATA).replace("evt-1", "evt-1\\nforged")));

        assertThat(((ReadResult.Invalid) result).identity().eventId()).isNull();
        assertThat(((ReadResult.Invalid) result).identity().tokenId()).isEqualTo(42L);
    }

    @Test
    void oversizedRecordKeepsItsTokenFromTheKey() {
        ReadResult result = reader.read(record("42", event("billing.topup", DATA) + " ".repeat(5000)));

        assertThat(((ReadResult.Unreadable) result).identity().tokenId()).isEqualTo(42L);
    }

    @Test
    void echoedValuesAreMaskedWhenTheyLookLikeSecrets() {
        ReadResult unknownType = reader.read(record("42", event(SECRET, DATA)));
        ReadResult wrongKey = reader.read(record(SECRET, event("billing.topup", DATA)));

        assertThat(reasonOf(unknownType))
                .contains("unknown event type 'sk-***'")
                .doesNotContain(SECRET.substring(3));
        assertThat(reasonOf(wrongKey)).contains("record key 'sk-***'").doesNotContain(SECRET.substring(3));
    }

    @Test
    void keyQuotedInAnIncidentReasonIsMasked() {
        ReadResult result = reader.read(record(
                "42",
                event(
                        "security.incident",
                        "{\"token_id\":42,\"severity\":\"critical\",\"reason\":\"" + SECRET
                                + " found in a public repository\"}")));

        assertThat(((ReadResult.Readable) result).event().data().get("reason"))
                .contains("sk-*** found in a public repository");
    }

    @Test
    void dataFieldNameIsEchoedPrintable() {
        ReadResult result =
                reader.read(record("42", event("billing.topup", "{\"token_id\":42,\"amount\":5,\"a\\u001bb\":1}")));

        assertThat(reasonOf(result)).contains("data.a?b is not a field of billing.topup");
    }

    private static Arguments hostile(
            String name, ConsumerRecord<byte[], byte[]> record, Class<? extends ReadResult> kind, String reason) {
        return Arguments.of(name, record, kind, reason);
    }

    private static String event(String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/billing\",\"type\":\"" + type + "\",\"data\":"
                + data + "}";
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
        return new ConsumerRecord<>("token-events", 0, 0L, key == null ? null : bytes(key), bytes(value));
    }

    /** The value with two raw bytes put in the middle of the id. */
    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value, int first, int second) {
        String text = new String(value, StandardCharsets.UTF_8);
        int at = text.indexOf("evt-1") + 3;
        byte[] broken = new byte[value.length + 2];
        System.arraycopy(value, 0, broken, 0, at);
        broken[at] = (byte) first;
        broken[at + 1] = (byte) second;
        System.arraycopy(value, at, broken, at + 2, value.length - at);
        return new ConsumerRecord<>("token-events", 0, 0L, bytes(key), broken);
    }

    private static ConsumerRecord<byte[], byte[]> binary(String key, String data) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("token-events", 0, 0L, bytes(key), bytes(data));
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes("evt-1"))
                .add("ce_type", bytes("billing.topup"))
                .add("ce_source", bytes("/billing"));
        return record;
    }

    private static ConsumerRecord<byte[], byte[]> withHeader(
            ConsumerRecord<byte[], byte[]> record, String name, String value) {
        return withRawHeader(record, name, value == null ? null : bytes(value));
    }

    private static ConsumerRecord<byte[], byte[]> withRawHeader(
            ConsumerRecord<byte[], byte[]> record, String name, byte[] value) {
        record.headers().add(name, value);
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String reasonOf(ReadResult result) {
        if (result instanceof ReadResult.Invalid invalid) {
            return invalid.reason();
        }
        return result instanceof ReadResult.Unreadable unreadable ? unreadable.reason() : "(readable)";
    }
}
