package io.tokenpolicy.worker.ledger;

import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.SecurityFacts;
import io.tokenpolicy.worker.policy.EventEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the worker knows of one partition's past, restored from the ledger topic when the
 * partition is assigned: the events already processed (and where), by idempotency key
 * ({@code "<source> <id>"}), the intents of quota writes that never reported back, and the tokens
 * a security event holds disabled. Records written before events were told apart by source name
 * the event id alone; until they age out of the deduplication window, such an id stands for that
 * id from any source. An intent's event named by id alone is kept as the key of no source
 * ({@code " <id>"}), so that it goes on matching by id when the intent is written again and restored.
 */
public final class PartitionLedger {

    /**
     * An event processed at this offset of partition p of this input topic (both input topics share ledger p). The
     * topic is null in entries written before there were two: those match a record by its offset alone.
     */
    public record Done(String topic, long offset, Instant at) {

        /** Whether this is the very record processed, delivered again. */
        boolean sameRecord(ConsumerRecord<byte[], byte[]> record) {
            return offset == record.offset() && (topic == null || topic.equals(record.topic()));
        }
    }

    private final Map<String, Done> done = new ConcurrentHashMap<>();
    private final Map<String, Done> doneById = new ConcurrentHashMap<>();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final Map<String, Long> unreadableIntents = new HashMap<>();
    private final Map<String, Remembered> security = new ConcurrentHashMap<>();

    /** A token's security facts, as last written at {@code at}. */
    record Remembered(SecurityFacts facts, Instant at) {}

    /** Where the event with this idempotency key (or, written before sources counted, with its id) was processed. */
    Optional<Done> done(String key) {
        Done processed = done.get(key);
        if (processed == null && !doneById.isEmpty()) {
            processed = doneById.get(EventEnvelope.idOf(key));
        }
        return Optional.ofNullable(processed);
    }

    public void done(String key, Done where) {
        done.put(key, where);
    }

    void forget(String key) {
        done.remove(key);
    }

    /** A record written before sources counted: the event id alone was processed. */
    void doneById(String eventId, Done where) {
        doneById.put(eventId, where);
    }

    void forgetById(String eventId) {
        doneById.remove(eventId);
    }

    /** Records an intent as the newest of its token. */
    synchronized void intent(Intent intent) {
        unreadableIntents.remove(intent.key());
        intents.remove(intent.key());
        intents.put(intent.key(), intent);
    }

    /** Records an intent written before sources counted, whose events are named by their ids alone. */
    synchronized void intentById(Intent intent) {
        intent(withKeys(
                intent,
                intent.eventIds().stream()
                        .map(id -> EventEnvelope.idempotencyKey("", id))
                        .toList()));
    }

    synchronized void closeIntent(String key) {
        unreadableIntents.remove(key);
        intents.remove(key);
    }

    /** An intent of this token whose record could not be read: its events are not applied while it stands. */
    synchronized void unreadableIntent(String key, long tokenId) {
        intents.remove(key);
        unreadableIntents.put(key, tokenId);
    }

    /**
     * The open intents of a token, oldest first, with their events named by idempotency key: an event named
     * by id alone ({@code " <id>"}) is named by the key of the batch's event with that id, if there is one.
     * Throws while one of the token's intents could not be read.
     */
    synchronized List<Intent> openIntents(long tokenId, Collection<String> batchKeys) {
        unreadableIntents.forEach((key, token) -> {
            if (token == tokenId) {
                throw new IllegalStateException("the ledger record " + key + " cannot be read, so whether its quota"
                        + " write landed cannot be told; not applied until the record is replaced");
            }
        });
        return intents.values().stream()
                .filter(intent -> intent.tokenId() == tokenId)
                .map(intent -> inKeys(intent, batchKeys))
                .toList();
    }

    /** The user's token's security facts (its hold, stops, pending narrowings and models cap), if any are kept. */
    Optional<Remembered> security(long userId, long tokenId) {
        return Optional.ofNullable(security.get(token(userId, tokenId)));
    }

    void remember(long userId, long tokenId, SecurityFacts facts, Instant at) {
        security.put(token(userId, tokenId), new Remembered(facts, at));
    }

    void forgetSecurity(long userId, long tokenId) {
        security.remove(token(userId, tokenId));
    }

    private static String token(long userId, long tokenId) {
        return userId + "/" + tokenId;
    }

    synchronized int size() {
        return done.size() + doneById.size() + intents.size() + security.size();
    }

    private static Intent inKeys(Intent intent, Collection<String> batchKeys) {
        if (intent.eventIds().stream().noneMatch(PartitionLedger::byIdAlone)) {
            return intent;
        }
        List<String> keys = new ArrayList<>();
        for (String named : intent.eventIds()) {
            keys.add(
                    byIdAlone(named)
                            ? batchKeys.stream()
                                    .filter(key -> EventEnvelope.idOf(key).equals(EventEnvelope.idOf(named)))
                                    .findFirst()
                                    .orElse(named)
                            : named);
        }
        return withKeys(intent, keys);
    }

    private static boolean byIdAlone(String eventKey) {
        return EventEnvelope.sourceOf(eventKey) == null;
    }

    private static Intent withKeys(Intent intent, List<String> keys) {
        return new Intent(
                intent.key(),
                intent.tokenId(),
                keys,
                intent.eventTypes(),
                intent.fundedBefore(),
                intent.delta(),
                intent.fate(),
                intent.reported());
    }
}
