package io.tokenpolicy.worker.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** One record of the dead-letter topic, read the way the worker parked it. */
record DeadLetter(
        ConsumerRecord<byte[], byte[]> record,
        String result,
        String cause,
        String reason,
        String eventId,
        String eventType,
        Instant parkedAt) {

    static final String REPLAYED_FROM = "replayed-from";
    private static final String PARKING_HEADERS = "dlt-";
    private static final ObjectMapper JSON = new ObjectMapper();

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        JsonNode structured = structured(record.value());
        return new DeadLetter(
                record,
                header(record, "dlt-result"),
                header(record, "dlt-cause"),
                header(record, "dlt-reason"),
                field(record, "ce_id", structured, "id"),
                field(record, "ce_type", structured, "type"),
                parkedAt(record));
    }

    /** The event as it first arrived: the parking headers go, a header says where it was parked. */
    ProducerRecord<byte[], byte[]> replayedTo(String topic) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(PARKING_HEADERS) && !header.key().equals(REPLAYED_FROM)) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM, where().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }

    String where() {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    String describe() {
        return where() + " event " + eventId + " (" + eventType + ") parked " + parkedAt + " " + result + ": " + reason;
    }

    private static Instant parkedAt(ConsumerRecord<byte[], byte[]> record) {
        String header = header(record, "dlt-parked-at");
        try {
            return header == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(header);
        } catch (RuntimeException malformed) {
            return Instant.ofEpochMilli(record.timestamp());
        }
    }

    private static String field(
            ConsumerRecord<byte[], byte[]> record, String header, JsonNode structured, String name) {
        String binary = header(record, header);
        if (binary != null) {
            return binary;
        }
        JsonNode value = structured.path(name);
        return value.isTextual() ? value.asText() : null;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode structured(byte[] value) {
        if (value == null) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(value);
        } catch (IOException | RuntimeException unreadable) {
            return JSON.missingNode();
        }
    }
}
