package io.tokenpolicy.worker.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.Intent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ledger topic's records. Keys: {@code done/<event id>} for a processed event and
 * {@code intent/<token id>/<first event id>} for a quota write about to happen; an intent is
 * written again when its fate is told or its events were reported without effect, and closed
 * with a tombstone. The topic is compacted, and old records expire after the
 * deduplication window.
 */
final class LedgerRecords {

    static final String DONE = "done/";
    static final String INTENT = "intent/";

    private LedgerRecords() {
    }

    /** One per event, so written with a generator rather than a tree. */
    static ProducerRecord<byte[], byte[]> done(String topic, int partition, String eventId, long offset, Instant at) {
        ByteArrayOutputStream value = new ByteArrayOutputStream(64);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(value)) {
            json.writeStartObject();
            json.writeNumberField("offset", offset);
            json.writeStringField("at", at.toString());
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException("could not write a ledger record to memory", impossible);
        }
        return record(topic, partition, DONE + eventId, value.toByteArray());
    }

    static ProducerRecord<byte[], byte[]> intent(String topic, int partition, Intent intent) {
        ObjectNode value = Json.MAPPER.createObjectNode()
                .put("token_id", intent.tokenId())
                .put("funded_before", intent.fundedBefore())
                .put("delta", intent.delta());
        intent.eventIds().forEach(value.putArray("event_ids")::add);
        intent.eventTypes().forEach(value.putArray("event_types")::add);
        if (intent.fate() != Intent.Fate.UNKNOWN) {
            value.put("fate", intent.fate().name());
        }
        if (intent.reported()) {
            value.put("reported", true);
        }
        return record(topic, partition, intent.key(), value.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ProducerRecord<byte[], byte[]> closeIntent(String topic, int partition, String key) {
        return record(topic, partition, key, null);
    }

    /** Applies one record read back from the ledger to the partition's state. */
    static void restore(PartitionLedger ledger, String key, byte[] value, Instant forgetBefore) {
        if (key.startsWith(DONE)) {
            restoreDone(ledger, key.substring(DONE.length()), value, forgetBefore);
        } else if (key.startsWith(INTENT)) {
            if (value == null) {
                ledger.closeIntent(key);
            } else {
                ledger.intent(intentOf(key, Json.parse(value, "ledger intent")));
            }
        }
    }

    private static void restoreDone(PartitionLedger ledger, String eventId, byte[] value, Instant forgetBefore) {
        if (value == null) {
            ledger.forget(eventId);
            return;
        }
        JsonNode done = Json.parse(value, "ledger record");
        Instant at = Instant.parse(done.path("at").asText());
        if (at.isAfter(forgetBefore)) {
            ledger.done(eventId, new PartitionLedger.Done(done.path("offset").asLong(), at));
        }
    }

    private static Intent intentOf(String key, JsonNode json) {
        return new Intent(key, json.path("token_id").asLong(), texts(json.path("event_ids")),
                texts(json.path("event_types")), json.path("funded_before").asLong(), json.path("delta").asLong(),
                Intent.Fate.valueOf(json.path("fate").asText(Intent.Fate.UNKNOWN.name())),
                json.path("reported").asBoolean(false));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asText()));
        return texts;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String key, byte[] value) {
        return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
