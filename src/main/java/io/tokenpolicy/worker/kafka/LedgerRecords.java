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
 * closed with a tombstone. The topic is compacted, and old records expire after the
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
        return record(topic, partition, intent.key(), value.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ProducerRecord<byte[], byte[]> closeIntent(String topic, int partition, String key) {
        return record(topic, partition, key, null);
    }

    /**
     * Applies one record read back from the ledger to the partition's state. A record that cannot be
     * read throws {@link Unreadable} saying what follows: a {@code done} record is skipped (a repeat of
     * its event is not told a duplicate); an intent's token is held, since whether its write landed
     * cannot be told, and a token without its id in the key is skipped.
     */
    static void restore(PartitionLedger ledger, String key, byte[] value, Instant forgetBefore) {
        try {
            if (key.startsWith(DONE)) {
                restoreDone(ledger, key.substring(DONE.length()), value, forgetBefore);
            } else if (key.startsWith(INTENT)) {
                restoreIntent(ledger, key, value);
            }
        } catch (RuntimeException unreadable) {
            throw key.startsWith(DONE)
                    ? new Unreadable("done", "skipped: a repeat of its event will not be told a duplicate", unreadable)
                    : holdToken(ledger, key, unreadable);
        }
    }

    private static void restoreIntent(PartitionLedger ledger, String key, byte[] value) {
        if (value == null) {
            ledger.closeIntent(key);
        } else {
            ledger.intent(intentOf(key, Json.parse(value, "ledger intent")));
        }
    }

    /** Whether an unreadable intent's write landed cannot be told: its token is held, if its key names one. */
    private static Unreadable holdToken(PartitionLedger ledger, String key, RuntimeException unreadable) {
        long tokenId;
        try {
            tokenId = Long.parseLong(key.split("/", 3)[1]);
        } catch (RuntimeException noTokenId) {
            return new Unreadable("intent", "skipped: its key names no token", unreadable);
        }
        ledger.unreadableIntent(key, tokenId);
        return new Unreadable("intent", "events of token " + tokenId + " end FAILED until the record is replaced",
                unreadable);
    }

    /** A ledger record that could not be read, and what became of it. */
    static final class Unreadable extends RuntimeException {

        private final String kind;

        Unreadable(String kind, String consequence, Throwable cause) {
            super(consequence + " (" + cause.getClass().getSimpleName() + ")", cause, false, false);
            this.kind = kind;
        }

        String kind() {
            return kind;
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
