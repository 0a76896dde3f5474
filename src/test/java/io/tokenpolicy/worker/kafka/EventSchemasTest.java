package io.tokenpolicy.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.worker.config.InputProperties;
import io.tokenpolicy.worker.fixtures.ContractSchemas;
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
        assertThat(ContractSchemas.eventTypes()).containsExactlyInAnyOrderElementsOf(EventDataReader.knownTypes());
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

    private void assertAgree(String type, String event, boolean valid) {
        ReadResult read = reader.read(new ConsumerRecord<>("token-events", 0, 0L, bytes("42"), bytes(event)));
        boolean matchesSchema = ContractSchemas.event(type).validate(json(event)).isEmpty();

        assertThat(read instanceof ReadResult.Readable).as("the worker reads " + event + " (" + read + ")")
                .isEqualTo(valid);
        assertThat(matchesSchema).as("the schema of " + type + " accepts " + event).isEqualTo(valid);
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
