package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventTypePeekTest {

    private final EventTypePeek peek = new EventTypePeek(1_000);

    @Test
    void aStructuredEventsTopLevelTypeIsFoundPastNestedTypes() {
        String event = "{\"data\":{\"type\":\"billing.topup\",\"list\":[{\"type\":\"x\"}]},\"id\":\"e-1\","
                + "\"type\":\"security.incident\"}";

        assertThat(peek.typeOf(record(event, new RecordHeaders()))).contains("security.incident");
    }

    @Test
    void aBinaryModeEventsTypeIsItsHeader() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "security.incident".getBytes(StandardCharsets.UTF_8));

        assertThat(peek.typeOf(record("{\"type\":\"billing.topup\"}", headers))).contains("security.incident");
    }

    @Test
    void whatIsNotAStructuredEventWithATextTypeHasNoType() {
        assertThat(peek.typeOf(record("not json", new RecordHeaders()))).isEmpty();
        assertThat(peek.typeOf(record("[\"type\"]", new RecordHeaders()))).isEmpty();
        assertThat(peek.typeOf(record("{\"type\":7}", new RecordHeaders()))).isEmpty();
        assertThat(peek.typeOf(record("{\"id\":\"e-1\"", new RecordHeaders()))).isEmpty();
        assertThat(peek.typeOf(record("{\"type\":\"" + "x".repeat(2_000) + "\"}", new RecordHeaders())))
                .isEmpty();
        assertThat(peek.typeOf(new ConsumerRecord<>("token-events", 0, 0, null, null)))
                .isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> record(String value, RecordHeaders headers) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(
                "token-events", 0, 0, 0L, TimestampType.CREATE_TIME, 0, bytes.length, null, bytes, headers, null);
    }
}
