package io.tokenpolicy.worker.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tokenpolicy.worker.apply.FieldChange;
import io.tokenpolicy.worker.apply.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The outcome as published: a flat JSON object with snake_case fields and ISO-8601 instants.
 * Written with a streaming generator, not a tree: one outcome per event makes this hot.
 */
final class OutcomeJson {

    private static final int EXPECTED_SIZE = 512;

    private OutcomeJson() {
    }

    static byte[] of(Outcome outcome) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(EXPECTED_SIZE);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("event_id", outcome.eventId());
            json.writeStringField("event_type", outcome.eventType());
            writeNumberField(json, "token_id", outcome.tokenId());
            writeNumberField(json, "user_id", outcome.userId());
            json.writeStringField("result", outcome.result().name());
            json.writeStringField("reason", outcome.reason());
            json.writeArrayFieldStart("changes");
            for (FieldChange change : outcome.changes()) {
                write(json, change);
            }
            json.writeEndArray();
            json.writeNumberField("api_calls", outcome.apiCalls());
            json.writeNumberField("attempts", outcome.attempts());
            json.writeNumberField("batch_size", outcome.batchSize());
            json.writeStringField("received_at", iso(outcome.receivedAt()));
            json.writeStringField("completed_at", iso(outcome.completedAt()));
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException("could not write an outcome to memory", impossible);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator json, FieldChange change) throws IOException {
        json.writeStartObject();
        json.writeStringField("field", change.field());
        json.writeObjectField("before", change.before());
        json.writeObjectField("after", change.after());
        json.writeEndObject();
    }

    private static void writeNumberField(JsonGenerator json, String name, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static String iso(Instant instant) {
        return instant.toString();
    }
}
