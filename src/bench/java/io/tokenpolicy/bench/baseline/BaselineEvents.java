package io.tokenpolicy.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.bench.baseline.BaselineTokenApi.ApiResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reading a structured-mode CloudEvent and writing an outcome, shared by the baselines so that
 * each does the same parsing and serialising work per record as the worker (Jackson, both ways).
 */
public final class BaselineEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BaselineEvents() {}

    /** The parsed event; {@code null} fields where the record is not a CloudEvent. */
    public static Event read(byte[] value) {
        try {
            JsonNode event = JSON.readTree(value);
            JsonNode data = event.path("data");
            return new Event(
                    event.path("id").asText(null),
                    event.path("type").asText(null),
                    data.path("token_id").asLong(),
                    data.path("amount").asLong());
        } catch (IOException unreadable) {
            return new Event(null, null, 0, 0);
        }
    }

    /** The outcome JSON for an event, with the fields the benchmark reads. */
    public static byte[] outcome(Event event, ApiResult result, Instant receivedAt) {
        var outcome = JSON.createObjectNode()
                .put("event_id", event.id())
                .put("event_type", event.type())
                .put("token_id", event.tokenId())
                .put("result", result.result())
                .put("reason", result.reason())
                .put("api_calls", result.apiCalls())
                .put("attempts", result.attempts())
                .put("received_at", receivedAt.toString())
                .put("completed_at", Instant.now().toString());
        try {
            return JSON.writeValueAsBytes(outcome);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    public static byte[] key(Event event) {
        return Long.toString(event.tokenId()).getBytes(StandardCharsets.UTF_8);
    }

    /** The fields of a top-up or an incident that the baselines act on. */
    public record Event(String id, String type, long tokenId, long amount) {

        public boolean isTopUp() {
            return "billing.topup".equals(type) && tokenId > 0 && amount > 0;
        }

        public boolean isIncident() {
            return "security.incident".equals(type) && tokenId > 0;
        }
    }
}
