package io.tokenpolicy.worker.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record's event type, looked up before the record is read, so that the polling thread can send it to its
 * lane: the {@code ce_type} header in binary mode, or the top-level {@code "type"} of a structured event, found
 * by one streaming pass that builds nothing. Whatever it cannot find gives no type; the record is read and
 * judged in full later, in its lane.
 */
public final class EventTypePeek {

    private static final String TYPE = "type";
    private static final String TYPE_HEADER = "ce_" + TYPE;
    private static final String SPEC_VERSION_HEADER = "ce_specversion";
    private static final int MAX_NESTING = 64;

    private final JsonFactory json;
    private final int maxRecordBytes;

    public EventTypePeek(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxDocumentLength(maxRecordBytes)
                        .build())
                .build();
    }

    public Optional<String> typeOf(ConsumerRecord<byte[], byte[]> record) {
        if (record.headers().lastHeader(SPEC_VERSION_HEADER) != null) {
            Header type = record.headers().lastHeader(TYPE_HEADER);
            return type == null || type.value() == null
                    ? Optional.empty()
                    : Optional.of(new String(type.value(), StandardCharsets.UTF_8));
        }
        byte[] value = record.value();
        return value == null || value.length > maxRecordBytes ? Optional.empty() : topLevelType(value);
    }

    private Optional<String> topLevelType(byte[] value) {
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (TYPE.equals(name)) {
                    return token == JsonToken.VALUE_STRING ? Optional.of(parser.getText()) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
