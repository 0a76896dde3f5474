package io.tokenpolicy.worker.outcomes;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tokenpolicy.worker.apply.FieldChange;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.events.Forwarding;
import io.tokenpolicy.worker.events.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The outcome as published: a JSON object with snake_case fields and ISO-8601 instants, naming its
 * input ({@code source}, {@code event_id} and the record: {@code input}).
 * Written with a streaming generator, not a tree: one outcome per event makes this hot.
 */
public final class OutcomeJson {

    private static final int EXPECTED_SIZE = 512;

    private OutcomeJson() {}

    public static byte[] of(Outcome outcome, OutcomeInput input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(EXPECTED_SIZE);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("source", input.source());
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
            writeInput(json, input.record());
            writeGatewayDiffers(json, outcome);
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

    /** What the gateway wrote otherwise than intended, only when it did. */
    private static void writeGatewayDiffers(JsonGenerator json, Outcome outcome) throws IOException {
        if (outcome.gatewayDiffers().isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("gateway_differs");
        for (FieldChange difference : outcome.gatewayDiffers()) {
            json.writeStartObject();
            json.writeStringField("field", difference.field());
            json.writeObjectField("intended", difference.before());
            json.writeObjectField("written", difference.after());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeInput(JsonGenerator json, ConsumerRecord<byte[], byte[]> record) throws IOException {
        if (record == null) {
            json.writeNullField("input");
            return;
        }
        json.writeObjectFieldStart("input");
        json.writeStringField("topic", record.topic());
        json.writeNumberField("partition", record.partition());
        json.writeNumberField("offset", record.offset());
        Optional<Forwarding.Origin> origin = Forwarding.origin(record);
        if (origin.isPresent()) {
            json.writeObjectFieldStart("forwarded_from");
            json.writeNumberField("partition", origin.get().partition());
            json.writeNumberField("offset", origin.get().offset());
            json.writeEndObject();
        }
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
