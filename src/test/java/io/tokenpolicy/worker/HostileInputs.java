package io.tokenpolicy.worker;

import io.tokenpolicy.worker.HostileInput.Bad;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/** The catalogue of malformed, hostile and huge records that the worker must refuse, each with the words its reason must contain. */
final class HostileInputs {

    private HostileInputs() {}

    static Stream<HostileInput> catalogue() {
        return Stream.concat(unreadable(), invalid());
    }

    /** Records that are not a CloudEvent at all: REJECTED and parked on the dead-letter topic. */
    private static Stream<HostileInput> unreadable() {
        return Stream.of(
                parked("not JSON", (token, id) -> Bad.keyed(token, "{\"id\":\"" + id + "\" oops"), "value is not JSON"),
                parked("empty value", (token, id) -> Bad.keyed(token, ""), "record has no value"),
                parked("tombstone", (token, id) -> Bad.keyed(token, (String) null), "record has no value"),
                parked(
                        "JSON array",
                        (token, id) -> Bad.keyed(token, "[" + topUp(id, token, "5") + "]"),
                        "value is not a JSON object"),
                parked(
                        "record over 64 KiB",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "5") + " ".repeat(70_000)),
                        "(token-policy.input.max-record-bytes)"),
                parked(
                        "JSON nested 20 deep",
                        (token, id) -> Bad.keyed(
                                token,
                                event(
                                        id,
                                        "billing.topup",
                                        "{\"token_id\":" + token + ",\"amount\":" + "[".repeat(20) + "]".repeat(20)
                                                + "}")),
                        "nesting depth"),
                parked(
                        "duplicate key in data",
                        (token, id) -> Bad.keyed(
                                token,
                                event(
                                        id,
                                        "billing.topup",
                                        "{\"token_id\":" + token + ",\"amount\":5,\"amount\":500000000}")),
                        "at /data/amount"),
                parked(
                        "content after the JSON",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "5") + "{}"),
                        "value has content after its JSON"),
                parked(
                        "bytes that are not UTF-8",
                        (token, id) -> Bad.keyed(token, notUtf8(topUp(id, token, "5"))),
                        "value is not UTF-8"),
                parked(
                        "number of 200 digits",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "9".repeat(200))),
                        "at /data/amount"),
                parked(
                        "missing specversion",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "5").replace("\"specversion\":\"1.0\",", "")),
                        "specversion"),
                parked(
                        "specversion 2.0",
                        (token, id) -> Bad.keyed(
                                token,
                                topUp(id, token, "5").replace("\"specversion\":\"1.0\"", "\"specversion\":\"2.0\"")),
                        "specversion"),
                parked(
                        "id as a number",
                        (token, id) ->
                                Bad.keyed(token, topUp(id, token, "5").replace("\"id\":\"" + id + "\"", "\"id\":42")),
                        "attribute id"),
                parked(
                        "token field as an attribute",
                        (token, id) -> Bad.keyed(
                                token,
                                topUp(id, token, "5")
                                        .replace("{\"specversion\"", "{\"remain_quota\":500000000,\"specversion\"")),
                        "remain_quota"),
                parked(
                        "source with LF",
                        (token, id) -> Bad.keyed(
                                token,
                                topUp(id, token, "5").replace("\"source\":\"/billing\"", "\"source\":\"/billing\\n\"")),
                        "source"),
                parked(
                        "binary header repeated",
                        (token, id) -> binary(token, id).header("ce_id", "evt-other"),
                        "header ce_id appears more than once"),
                parked(
                        "binary header without value",
                        (token, id) -> binary(token, id).header("ce_subject", (String) null),
                        "header ce_subject has no value"),
                parked(
                        "binary header not UTF-8",
                        (token, id) -> binary(token, id).header("ce_subject", new byte[] {(byte) 0xFF}),
                        "header ce_subject is not UTF-8"),
                parked(
                        "binary headers with a structured content-type",
                        (token, id) -> binary(token, id).header("content-type", "application/cloudevents+json"),
                        "says structured mode"),
                parked(
                        "datacontenttype built for a backtracking pattern",
                        (token, id) -> Bad.keyed(
                                token,
                                topUp(id, token, "5")
                                        .replace(
                                                "{\"specversion\"",
                                                "{\"datacontenttype\":\"application/json" + ";".repeat(60_000)
                                                        + "\\n\",\"specversion\"")),
                        "datacontenttype contains the control character"),
                parked(
                        "binary content-type built for a backtracking pattern",
                        (token, id) -> binary(token, id)
                                .header("content-type", "application/json" + ";".repeat(60_000) + "\n"),
                        "header content-type contains the control character"));
    }

    /** CloudEvents whose attributes, data or key are not acceptable: REJECTED only. */
    private static Stream<HostileInput> invalid() {
        return Stream.of(
                rejected(
                        "specversion 0.3",
                        (token, id) -> Bad.keyed(
                                token,
                                topUp(id, token, "5").replace("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\"")),
                        "specversion must be 1.0"),
                rejected(
                        "unknown type",
                        (token, id) -> Bad.keyed(token, event(id, "billing.bonus", "{\"token_id\":" + token + "}")),
                        "unknown event type 'billing.bonus'"),
                rejected(
                        "id of 257 characters",
                        (token, id) -> Bad.keyed(token, topUp(id + "x".repeat(257), token, "5")),
                        "id must be 1 to 256 characters"),
                rejected(
                        "id with CR LF",
                        (token, id) -> Bad.keyed(token, topUp(id + "\\r\\nINFO forged", token, "5")),
                        "id contains the control character U+000D"),
                rejected(
                        "id with NUL",
                        (token, id) -> Bad.keyed(token, topUp(id + "\\u0000", token, "5")),
                        "id contains the control character U+0000"),
                rejected(
                        "type with ESC",
                        (token, id) -> Bad.keyed(
                                token,
                                event(id, "billing.topup\\u001b[2J", "{\"token_id\":" + token + ",\"amount\":5}")),
                        "type contains the control character U+001B"),
                rejected(
                        "reason with CR LF",
                        (token, id) -> Bad.keyed(
                                token,
                                event(
                                        id,
                                        "security.incident",
                                        "{\"token_id\":" + token
                                                + ",\"severity\":\"critical\",\"reason\":\"leak\\r\\nINFO forged\"}")),
                        "data.reason contains the control character U+000D"),
                rejected(
                        "attribute named like a token field",
                        (token, id) -> Bad.keyed(
                                token,
                                topUp(id, token, "5").replace("{\"specversion\"", "{\"status\":1,\"specversion\"")),
                        "attribute status is not applied"),
                rejected(
                        "data declared as text",
                        (token, id) -> Bad.keyed(
                                token,
                                topUp(id, token, "5")
                                        .replace(
                                                "{\"specversion\"",
                                                "{\"datacontenttype\":\"text/plain\",\"specversion\"")
                                        .replaceFirst("\"data\":\\{.*}}$", "\"data\":\"amount=5\"}")),
                        "datacontenttype 'text/plain' is not JSON"),
                rejected(
                        "top-up carrying allow_ips",
                        (token, id) -> Bad.keyed(
                                token,
                                event(
                                        id,
                                        "billing.topup",
                                        "{\"token_id\":" + token + ",\"amount\":5,\"allow_ips\":[\"10.0.0.1\"]}")),
                        "data.allow_ips is not a field of billing.topup"),
                rejected(
                        "top-up carrying status",
                        (token, id) -> Bad.keyed(
                                token,
                                event(id, "billing.topup", "{\"token_id\":" + token + ",\"amount\":5,\"status\":2}")),
                        "data.status is not a field of billing.topup"),
                rejected(
                        "top-up carrying remain_quota",
                        (token, id) -> Bad.keyed(
                                token,
                                event(
                                        id,
                                        "billing.topup",
                                        "{\"token_id\":" + token + ",\"amount\":5,\"remain_quota\":500000000}")),
                        "data.remain_quota is not a field of billing.topup"),
                rejected(
                        "top-up carrying unlimited_quota",
                        (token, id) -> Bad.keyed(
                                token,
                                event(
                                        id,
                                        "billing.topup",
                                        "{\"token_id\":" + token + ",\"amount\":5,\"unlimited_quota\":true}")),
                        "data.unlimited_quota is not a field of billing.topup"),
                rejected(
                        "top-up carrying a 60-byte name",
                        (token, id) -> Bad.keyed(
                                token,
                                event(
                                        id,
                                        "billing.topup",
                                        "{\"token_id\":" + token + ",\"amount\":5,\"name\":\"" + "n".repeat(60)
                                                + "\"}")),
                        "data.name is not a field of billing.topup"),
                rejected(
                        "amount 1e309",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "1e309")),
                        "data.amount must be a positive integer"),
                rejected(
                        "amount 2^63",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "9223372036854775808")),
                        "data.amount must be a positive integer, not beyond a 64-bit integer"),
                rejected(
                        "amount as a string",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "\"12\"")),
                        "data.amount must be a positive integer, not a string"),
                rejected(
                        "amount 1.5",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "1.5")),
                        "data.amount must be a positive integer, not a decimal"),
                rejected(
                        "amount -0",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "-0")),
                        "data.amount must be a positive integer, not zero or negative"),
                rejected(
                        "amount past 5e14",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "500000000000001")),
                        "data.amount must not exceed 500000000000000"),
                rejected(
                        "token_id as a string",
                        (token, id) -> Bad.keyed(
                                token, event(id, "billing.topup", "{\"token_id\":\"" + token + "\",\"amount\":5}")),
                        "data.token_id must be a positive integer"),
                rejected(
                        "data that is not an object",
                        (token, id) -> Bad.keyed(token, event(id, "billing.topup", "[5]")),
                        "data must be a JSON object"),
                rejected(
                        "allow_ips 0.0.0.0/0",
                        (token, id) -> Bad.keyed(token, ipRestriction(id, token, "\"0.0.0.0/0\"")),
                        "data.allow_ips: '0.0.0.0/0' admits every address"),
                rejected(
                        "allow_ips ::/0",
                        (token, id) -> Bad.keyed(token, ipRestriction(id, token, "\"10.0.0.1\",\"::/0\"")),
                        "data.allow_ips: '::/0' admits every address"),
                rejected(
                        "allow_ips empty",
                        (token, id) -> Bad.keyed(token, ipRestriction(id, token, "")),
                        "data.allow_ips must be a non-empty array"),
                rejected(
                        "allow_ips not an address",
                        (token, id) -> Bad.keyed(token, ipRestriction(id, token, "\"999.1.1.1\"")),
                        "data.allow_ips: '999.1.1.1' is not an IP address or CIDR block"),
                rejected(
                        "allow_ips joined by a comma",
                        (token, id) -> Bad.keyed(token, ipRestriction(id, token, "\"10.0.0.1,10.0.0.2\"")),
                        "data.allow_ips: '10.0.0.1,10.0.0.2'"),
                rejected(
                        "allow_ips entry with LF",
                        (token, id) -> Bad.keyed(token, ipRestriction(id, token, "\"10.0.0.1\\n0.0.0.0/0\"")),
                        "data.allow_ips[0] contains the control character"),
                rejected(
                        "key that is not a number",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "5")).key("abc"),
                        "record key 'abc' is not data.token_id"),
                rejected(
                        "key with a leading zero",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "5")).key("0" + token),
                        "record key '0"),
                rejected(
                        "key of another token",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "5")).key(Long.toString(token + 1)),
                        "is not data.token_id "),
                rejected(
                        "no key",
                        (token, id) -> Bad.keyed(token, topUp(id, token, "5")).key(null),
                        "record key is missing"),
                rejected(
                        "binary data that is not JSON",
                        (token, id) -> new Bad(
                                HostileInput.utf8(Long.toString(token)),
                                HostileInput.utf8("amount=5"),
                                binary(token, id).headers()),
                        "data is not JSON"));
    }

    private static HostileInput parked(String name, HostileInput.Maker maker, String reason) {
        return new HostileInput(name, maker, true, reason);
    }

    private static HostileInput rejected(String name, HostileInput.Maker maker, String reason) {
        return new HostileInput(name, maker, false, reason);
    }

    private static String topUp(String id, long token, String amount) {
        return event(id, "billing.topup", "{\"token_id\":" + token + ",\"amount\":" + amount + "}");
    }

    private static String ipRestriction(String id, long token, String entries) {
        return event(id, "security.ip_restriction", "{\"token_id\":" + token + ",\"allow_ips\":[" + entries + "]}");
    }

    private static String event(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/billing\",\"type\":\"" + type
                + "\",\"data\":" + data + "}";
    }

    private static Bad binary(long token, String id) {
        return Bad.keyed(token, "{\"token_id\":" + token + ",\"amount\":5}")
                .header("ce_specversion", "1.0")
                .header("ce_id", id)
                .header("ce_source", "/billing")
                .header("ce_type", "billing.topup");
    }

    /** The event with an invalid two-byte UTF-8 sequence in its id. */
    private static byte[] notUtf8(String event) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        int at = event.indexOf("\"id\":\"") + 6;
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28;
        return bytes;
    }
}
