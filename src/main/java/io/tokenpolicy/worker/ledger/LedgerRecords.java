package io.tokenpolicy.worker.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.SecurityFacts;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.policy.PolicyView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ledger topic's records. Keys: {@code processed/<source> <id>} for a processed event,
 * {@code intent/<token id>/<uuid>} for a quota write about to happen (one key per recording), whose
 * {@code event_keys} name its events as {@code "<source> <id>"} (or {@code " <id>"}, by id alone, when an
 * intent of the versions before is written again), and {@code disabled/<user id>/<token id>}
 * for a token's security facts: its hold, stops, pending narrowings and models cap ({@link SecurityFactsJson}). An intent is written again when its fate is told or its
 * events were reported without effect, with the offset of its first record ({@code recorded_at}), its place among
 * its token's intents; an intent and a hold are closed with a tombstone.
 * The topic is compacted, and old records expire after the deduplication window. Records of the
 * versions that told events apart by id alone ({@code done/<event id>}, intents with {@code event_ids})
 * are still read, as {@link PartitionLedger} describes, and no longer written.
 */
public final class LedgerRecords {

    static final String PROCESSED = "processed/";
    static final String DONE_BY_ID = "done/";
    static final String INTENT = "intent/";
    private static final String EVENT_KEYS = "event_keys";
    private static final String RECORDED_AT = "recorded_at";
    private static final String FATE = "fate";
    private static final String USED_BEFORE = "used_before";
    private static final String UNLIMITED_WRITE = "unlimited_write";
    private static final String UNLIMITED_CHANGED_BY = "unlimited_changed_by";
    private static final String REPORTED = "reported";
    private static final String EVENT_IDS = "event_ids";
    static final String DISABLED = "disabled/";

    private LedgerRecords() {}

    /** One per event, so written with a generator rather than a tree. */
    public static ProducerRecord<byte[], byte[]> done(
            String topic, int partition, String eventKey, PartitionLedger.Done where) {
        ByteArrayOutputStream value = new ByteArrayOutputStream(64);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(value)) {
            json.writeStartObject();
            json.writeStringField("topic", where.topic());
            json.writeNumberField("offset", where.offset());
            json.writeStringField("at", where.at().toString());
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException("could not write a ledger record to memory", impossible);
        }
        return record(topic, partition, PROCESSED + eventKey, value.toByteArray());
    }

    /** An intent as it is first recorded, before its write: its own offset is its place among its token's intents. */
    static ProducerRecord<byte[], byte[]> intent(String topic, int partition, Intent intent) {
        return intent(topic, partition, intent, -1);
    }

    /** An intent written again (its fate told, its events reported), with the offset it was first recorded at. */
    static ProducerRecord<byte[], byte[]> intent(String topic, int partition, Intent intent, long recordedAt) {
        ObjectNode value = Json.MAPPER
                .createObjectNode()
                .put("token_id", intent.tokenId())
                .put("funded_before", intent.fundedBefore())
                .put("delta", intent.delta());
        if (intent.usedBefore() >= 0) {
            value.put(USED_BEFORE, intent.usedBefore());
        }
        if (intent.unlimitedWrite() != Intent.UnlimitedWrite.UNCHANGED) {
            value.put(UNLIMITED_WRITE, intent.unlimitedWrite().name());
            value.put(UNLIMITED_CHANGED_BY, intent.unlimitedChangedBy());
        }
        intent.eventIds().forEach(value.putArray(EVENT_KEYS)::add);
        intent.eventTypes().forEach(value.putArray("event_types")::add);
        if (intent.fate() != Intent.Fate.UNKNOWN) {
            value.put(FATE, intent.fate().name());
        }
        if (intent.reported()) {
            value.put(REPORTED, true);
        }
        if (recordedAt >= 0) {
            value.put(RECORDED_AT, recordedAt);
        }
        return record(topic, partition, intent.key(), Json.bytes(value));
    }

    static ProducerRecord<byte[], byte[]> closeIntent(String topic, int partition, String key) {
        return record(topic, partition, key, null);
    }

    /** The token's security facts as written at {@code at}, or their end (a tombstone) when null. */
    static ProducerRecord<byte[], byte[]> securityFacts(
            String topic, int partition, long userId, long tokenId, SecurityFacts facts, Instant at) {
        byte[] value = facts == null ? null : Json.bytes(SecurityFactsJson.write(facts, at));
        return record(topic, partition, DISABLED + userId + "/" + tokenId, value);
    }

    /**
     * Applies one record read back from the ledger to the partition's state. A record that cannot be
     * read throws {@link Unreadable} saying what follows: a processed record is skipped (a repeat of
     * its event is not told a duplicate); a security hold is skipped (its token stays disabled when its
     * incident is resolved); an intent's token is held, since whether its write landed cannot be told,
     * and an intent without its token id in the key is skipped.
     */
    static void restore(PartitionLedger ledger, String key, byte[] value, long offset, Instant forgetBefore) {
        try {
            restoreOrThrow(ledger, key, value, offset, forgetBefore);
        } catch (RuntimeException unreadable) {
            if (key.startsWith(INTENT)) {
                throw holdToken(ledger, key, unreadable);
            }
            throw key.startsWith(DISABLED)
                    ? new Unreadable(
                            "hold", "skipped: its token stays disabled when its incident is resolved", unreadable)
                    : new Unreadable("done", "skipped: a repeat of its event will not be told a duplicate", unreadable);
        }
    }

    /**
     * Applies one record read back from the policy-view topic: a token's view, or its end (a tombstone). A record
     * that cannot be read throws {@link Unreadable}: the token's view starts again from the next decision.
     */
    static void restoreView(PartitionLedger ledger, String key, byte[] value) {
        try {
            String[] userAndToken = key.split("/");
            long userId = Long.parseLong(userAndToken[0]);
            long tokenId = Long.parseLong(userAndToken[1]);
            ledger.view(
                    userId,
                    tokenId,
                    value == null ? PolicyView.NONE : PolicyViewJson.read(Json.parse(value, "policy view")));
        } catch (RuntimeException unreadable) {
            throw new Unreadable("view", "skipped: the token's view starts again from its next decision", unreadable);
        }
    }

    private static void restoreOrThrow(
            PartitionLedger ledger, String key, byte[] value, long offset, Instant forgetBefore) {
        if (key.startsWith(PROCESSED)) {
            String eventKey = key.substring(PROCESSED.length());
            restoreDone(value, forgetBefore, done -> ledger.done(eventKey, done), () -> ledger.forget(eventKey));
        } else if (key.startsWith(DONE_BY_ID)) {
            String eventId = key.substring(DONE_BY_ID.length());
            restoreDone(value, forgetBefore, done -> ledger.doneById(eventId, done), () -> ledger.forgetById(eventId));
        } else if (key.startsWith(INTENT)) {
            restoreIntent(ledger, key, value, offset);
        } else if (key.startsWith(DISABLED)) {
            restoreHold(ledger, key.substring(DISABLED.length()).split("/"), value, forgetBefore);
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
        return new Unreadable(
                "intent", "events of token " + tokenId + " end FAILED until the record is replaced", unreadable);
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

    private static void restoreHold(PartitionLedger ledger, String[] userAndToken, byte[] value, Instant forgetBefore) {
        long userId = Long.parseLong(userAndToken[0]);
        long tokenId = Long.parseLong(userAndToken[1]);
        JsonNode json = value == null ? null : Json.parse(value, "ledger hold");
        Instant at = json == null ? null : Instant.parse(json.path("at").asText());
        if (at != null && at.isAfter(forgetBefore)) {
            ledger.remember(userId, tokenId, SecurityFactsJson.read(json), at);
        } else {
            ledger.forgetSecurity(userId, tokenId);
        }
    }

    private static void restoreDone(
            byte[] value, Instant forgetBefore, Consumer<PartitionLedger.Done> remember, Runnable forget) {
        if (value == null) {
            forget.run();
            return;
        }
        JsonNode done = Json.parse(value, "ledger record");
        Instant at = Instant.parse(done.path("at").asText());
        if (at.isAfter(forgetBefore)) {
            remember.accept(new PartitionLedger.Done(
                    done.path("topic").textValue(), done.path("offset").asLong(), at));
        }
    }

    /**
     * An intent's place is the offset of its first record: read from a record written again, else that record's own.
     * A record without a fate, a report or a place is a first recording (of this version, or of the versions before,
     * whose keys named the first event and so could be recorded again): its own offset is its place.
     */
    private static void restoreIntent(PartitionLedger ledger, String key, byte[] value, long offset) {
        if (value == null) {
            ledger.closeIntent(key);
            return;
        }
        JsonNode json = Json.parse(value, "ledger intent");
        Intent intent = json.has(EVENT_KEYS)
                ? intentOf(key, json, EVENT_KEYS)
                : PartitionLedger.byIdAlone(intentOf(key, json, EVENT_IDS));
        if (json.has(RECORDED_AT) || json.has(FATE) || json.has(REPORTED)) {
            ledger.rewritten(intent, json.path(RECORDED_AT).asLong(offset));
        } else {
            ledger.recorded(intent, offset);
        }
    }

    private static Intent intentOf(String key, JsonNode json, String events) {
        return new Intent(
                key,
                json.path("token_id").asLong(),
                texts(json.path(events)),
                texts(json.path("event_types")),
                json.path("funded_before").asLong(),
                json.path("delta").asLong(),
                json.path(USED_BEFORE).asLong(-1),
                Intent.Fate.valueOf(json.path(FATE).asText(Intent.Fate.UNKNOWN.name())),
                json.path(REPORTED).asBoolean(false),
                Intent.UnlimitedWrite.valueOf(
                        json.path(UNLIMITED_WRITE).asText(Intent.UnlimitedWrite.UNCHANGED.name())),
                json.path(UNLIMITED_CHANGED_BY).asText(""));
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
