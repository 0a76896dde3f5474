package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.worker.config.InputProperties;
import io.tokenpolicy.worker.fixtures.ContractSchemas;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The event schemas under docs/schemas/events describe what the worker actually reads: one
 * schema per event type it knows, and on each sample the schema and the reader agree. (The
 * schemas check allow_ips entries by their characters only; the worker parses each in full.)
 */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenEventReader reader = new TokenEventReader(new InputProperties(65_536, 8, 256), Optional.of(1L));

    @Test
    void everyEventTypeTheWorkerReadsHasASchemaAndNoOtherHasOne() {
        assertThat(ContractSchemas.eventTypes())
                .containsExactlyInAnyOrderElementsOf(
                        RuleSet.catalogue().schemas().keySet());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            billing.topup           | {"token_id":42,"amount":1}                                               | true
            billing.topup           | {"token_id":42,"user_id":7,"amount":500000000000000}                     | true
            billing.topup           | {"token_id":42,"amount":0}                                               | false
            billing.topup           | {"token_id":42,"amount":500000000000001}                                 | false
            billing.topup           | {"token_id":42,"amount":"5"}                                             | false
            billing.topup           | {"token_id":42,"amount":5,"remain_quota":9}                              | false
            billing.topup           | {"amount":5}                                                             | false
            billing.topup           | {"token_id":42,"user_id":0,"amount":5}                                   | false
            security.incident       | {"token_id":42,"severity":"critical","reason":"key leaked"}              | true
            security.incident       | {"token_id":42,"severity":"low","reason":"scan","allow_ips":["10.0.0.0/8","2001:db8::1"]} | true
            security.incident       | {"token_id":42,"severity":"CRITICAL","reason":"key leaked"}              | false
            security.incident       | {"token_id":42,"severity":"high","reason":" "}                           | false
            security.incident       | {"token_id":42,"severity":"high"}                                        | false
            security.ip_restriction | {"token_id":42,"allow_ips":["203.0.113.7","2001:db8::/32"]}              | true
            security.ip_restriction | {"token_id":42,"allow_ips":[]}                                           | false
            security.ip_restriction | {"token_id":42,"allow_ips":["1.1.1.1,2.2.2.2"]}                          | false
            security.ip_restriction | {"token_id":42,"allow_ips":"10.0.0.1"}                                   | false
            security.ip_restriction | {"token_id":42,"allow_ips":["gateway.example.com"]}                      | false
            billing.refund          | {"token_id":42,"amount":2500000}                                         | true
            billing.refund          | {"token_id":42,"user_id":7,"amount":500000000000000}                     | true
            billing.refund          | {"token_id":42,"amount":0}                                               | false
            billing.refund          | {"token_id":42,"amount":500000000000001}                                 | false
            billing.refund          | {"token_id":42,"amount":"5"}                                             | false
            billing.refund          | {"token_id":42}                                                          | false
            billing.quota_reset     | {"token_id":42,"remain_quota":0}                                         | true
            billing.quota_reset     | {"token_id":42,"remain_quota":500000000000000}                           | true
            billing.quota_reset     | {"token_id":42,"remain_quota":-1}                                        | false
            billing.quota_reset     | {"token_id":42,"remain_quota":500000000000001}                           | false
            billing.quota_reset     | {"token_id":42,"amount":5}                                               | false
            billing.plan_changed    | {"token_id":42,"group":"vip","models":["gpt-5.4"],"unlimited_quota":true,"expired_time":-1} | true
            billing.plan_changed    | {"token_id":42,"unlimited_quota":false}                                  | true
            billing.plan_changed    | {"token_id":42,"expired_time":1798761600}                                | true
            billing.plan_changed    | {"token_id":42}                                                          | false
            billing.plan_changed    | {"token_id":42,"user_id":7}                                              | false
            billing.plan_changed    | {"token_id":42,"group":" "}                                              | false
            billing.plan_changed    | {"token_id":42,"group":"\\u3000"}                                         | false
            billing.plan_changed    | {"token_id":42,"group":"v\\u0007ip"}                                      | false
            billing.plan_changed    | {"token_id":42,"group":"vip\\u202E"}                                      | false
            billing.plan_changed    | {"token_id":42,"group":5}                                                | false
            billing.plan_changed    | {"token_id":42,"models":[]}                                              | false
            billing.plan_changed    | {"token_id":42,"unlimited_quota":"yes"}                                  | false
            billing.plan_changed    | {"token_id":42,"expired_time":-2}                                        | false
            billing.plan_changed    | {"token_id":42,"group":"vip","status":1}                                 | false
            billing.subscription_ended | {"token_id":42}                                                       | true
            billing.subscription_ended | {"token_id":42,"user_id":7}                                           | true
            billing.subscription_ended | {"token_id":42,"amount":5}                                            | false
            billing.subscription_ended | {"user_id":7}                                                         | false
            security.model_restriction | {"token_id":42,"models":["gpt-5.4","claude-sonnet-4-6"]}              | true
            security.model_restriction | {"token_id":42,"models":[]}                                           | false
            security.model_restriction | {"token_id":42,"models":"gpt-5.4"}                                    | false
            security.model_restriction | {"token_id":42,"models":[5]}                                          | false
            security.model_restriction | {"token_id":42,"models":["gpt\\nbad"]}                                 | false
            security.model_restriction | {"token_id":42}                                                       | false
            security.incident_resolved | {"token_id":42}                                                       | true
            security.incident_resolved | {"token_id":42,"severity":"low"}                                      | false
            token.expiry_set        | {"token_id":42,"expired_time":1798761600}                                | true
            token.expiry_set        | {"token_id":42,"expired_time":-1}                                        | true
            token.expiry_set        | {"token_id":42,"expired_time":-2}                                        | false
            token.expiry_set        | {"token_id":42,"expired_time":"-1"}                                      | false
            token.expiry_set        | {"token_id":42,"expired_time":9223372036854775808}                       | false
            token.expiry_set        | {"token_id":42}                                                          | false
            """)
    void schemaAcceptsExactlyTheDataTheWorkerReads(String type, String data, boolean valid) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/test\",\"type\":\"" + type
                + "\",\"data\":" + data + "}";

        assertAgree(type, event, valid);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"specversion":"1.0","id":"e","source":"/s","type":"billing.topup","time":"2026-11-27T00:00:00Z","data":{"token_id":42,"amount":5}} | true
            {"specversion":"1.0","id":"e","source":"/s","type":"billing.topup","datacontenttype":"application/json","data":{"token_id":42,"amount":5}} | true
            {"specversion":"0.3","id":"e","source":"/s","type":"billing.topup","data":{"token_id":42,"amount":5}} | false
            {"specversion":"1.0","id":"","source":"/s","type":"billing.topup","data":{"token_id":42,"amount":5}} | false
            {"specversion":"1.0","id":"e","type":"billing.topup","data":{"token_id":42,"amount":5}} | false
            {"specversion":"1.0","id":"e","source":"/s","type":"billing.topup"} | false
            """)
    void envelopeSchemaAcceptsExactlyTheCloudEventsTheWorkerReads(String event, boolean valid) {
        assertAgree("billing.topup", event, valid);
    }

    @Test
    void idsLongerThan256CharactersAreRefusedByBoth() {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + "x".repeat(257)
                + "\",\"source\":\"/s\",\"type\":\"billing.topup\",\"data\":{\"token_id\":42,\"amount\":5}}";

        assertAgree("billing.topup", event, false);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            billing.plan_changed       | group:500              | true
            billing.plan_changed       | group:501              | false
            security.incident          | reason:500             | true
            security.incident          | reason:501             | false
            security.model_restriction | models:256x100         | true
            security.model_restriction | models:1x101           | false
            security.model_restriction | models:257x1           | false
            security.ip_restriction    | allow_ips:257          | false
            """)
    void textAndListLimitsAreTheSameForSchemaAndReader(String type, String field, boolean valid) {
        String[] spec = field.split(":");
        String value =
                switch (spec[0]) {
                    case "group", "reason" -> "\"" + "x".repeat(Integer.parseInt(spec[1])) + "\"";
                    case "models" ->
                        list(
                                Integer.parseInt(spec[1].split("x")[0]),
                                "\"" + "m".repeat(Integer.parseInt(spec[1].split("x")[1])) + "\"");
                    default -> list(Integer.parseInt(spec[1]), "\"10.0.0.1\"");
                };
        String data = "{\"token_id\":42," + (type.equals("security.incident") ? "\"severity\":\"low\"," : "") + "\""
                + spec[0] + "\":" + value + "}";
        String event = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/test\",\"type\":\"" + type
                + "\",\"data\":" + data + "}";

        assertAgree(type, event, valid);
    }

    private static String list(int entries, String entry) {
        return "[" + String.join(",", java.util.Collections.nCopies(entries, entry)) + "]";
    }

    private void assertAgree(String type, String event, boolean valid) {
        ReadResult read = reader.read(new ConsumerRecord<>("token-events", 0, 0L, bytes("42"), bytes(event)));
        boolean matchesSchema =
                ContractSchemas.event(type).validate(json(event)).isEmpty();

        assertThat(read instanceof ReadResult.Readable)
                .as("the worker reads " + event + " (" + read + ")")
                .isEqualTo(valid);
        assertThat(matchesSchema)
                .as("the schema of " + type + " accepts " + event)
                .isEqualTo(valid);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException invalid) {
            throw new AssertionError(invalid);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
