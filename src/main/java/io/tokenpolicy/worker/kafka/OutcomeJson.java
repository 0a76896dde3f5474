package io.tokenpolicy.worker.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.FieldChange;
import io.tokenpolicy.worker.apply.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The outcome as published: a flat JSON object with snake_case fields and ISO-8601 instants. */
final class OutcomeJson {

    private OutcomeJson() {
    }

    static byte[] of(Outcome outcome) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("event_id", outcome.eventId());
        json.put("event_type", outcome.eventType());
        json.put("token_id", outcome.tokenId());
        json.put("user_id", outcome.userId());
        json.put("result", outcome.result().name());
        json.put("reason", outcome.reason());
        ArrayNode changes = json.putArray("changes");
        outcome.changes().forEach(change -> changes.add(of(change)));
        json.put("api_calls", outcome.apiCalls());
        json.put("attempts", outcome.attempts());
        json.put("batch_size", outcome.batchSize());
        json.put("received_at", iso(outcome.receivedAt()));
        json.put("completed_at", iso(outcome.completedAt()));
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode of(FieldChange change) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("field", change.field());
        json.set("before", Json.MAPPER.valueToTree(change.before()));
        json.set("after", Json.MAPPER.valueToTree(change.after()));
        return json;
    }

    private static String iso(Instant instant) {
        return instant.toString();
    }
}
