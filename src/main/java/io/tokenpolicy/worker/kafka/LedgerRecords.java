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
 * The ledger topic's records. Keys: {@code done/<event id>} for a processed event,
 * {@code intent/<token id>/<first event id>} for a quota write about to happen, and
 * {@code disabled/<user id>/<token id>} for a token a security event disabled; an intent and a
 * hold are closed with a tombstone. The topic is compacted, and old records expire after the
 * deduplication window.
 */
final class LedgerRecords {

    static final String DONE = "done/";
    static final String INTENT = "intent/";
    static final String DISABLED = "disabled/";

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
        return record(topic, partition, intent.key(), value.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ProducerRecord<byte[], byte[]> closeIntent(String topic, int partition, String key) {
        return record(topic, partition, key, null);
    }

    /** The token's security hold since {@code since}, or its end (a tombstone) when null. */
    static ProducerRecord<byte[], byte[]> securityHold(String topic, int partition, long userId, long tokenId,
                                                       Instant since) {
        byte[] value = since == null ? null
                : Json.MAPPER.createObjectNode().put("at", since.toString()).toString().getBytes(StandardCharsets.UTF_8);
        return record(topic, partition, DISABLED + userId + "/" + tokenId, value);
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
        } else if (key.startsWith(DISABLED)) {
            restoreHold(ledger, key.substring(DISABLED.length()).split("/"), value, forgetBefore);
        }
    }

    private static void restoreHold(PartitionLedger ledger, String[] userAndToken, byte[] value, Instant forgetBefore) {
        long userId = Long.parseLong(userAndToken[0]);
        long tokenId = Long.parseLong(userAndToken[1]);
        Instant at = value == null ? null : Instant.parse(Json.parse(value, "ledger hold").path("at").asText());
        if (at != null && at.isAfter(forgetBefore)) {
            ledger.hold(userId, tokenId, at);
        } else {
            ledger.release(userId, tokenId);
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
        List<String> eventIds = new ArrayList<>();
        json.path("event_ids").forEach(id -> eventIds.add(id.asText()));
        return new Intent(key, json.path("token_id").asLong(), eventIds, json.path("funded_before").asLong(),
                json.path("delta").asLong());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String key, byte[] value) {
        return new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
