package io.tokenpolicy.worker.ledger;

import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.SecurityFacts;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.PolicyView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the worker knows of one partition's past, restored from the ledger topic when the
 * partition is assigned: the events already processed (and where), by idempotency key
 * ({@code "<source> <id>"}), the intents of quota writes that never reported back, and the tokens
 * a security event holds disabled, and the policy's view of each token (read from the policy-view topic). Records written before events were told apart by source name
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
    private final Map<String, Open> intents = new HashMap<>();
    private final Map<String, Long> unreadableIntents = new HashMap<>();
    private final Map<String, Remembered> security = new ConcurrentHashMap<>();
    private final Map<String, PolicyView> views = new ConcurrentHashMap<>();

    /**
     * An open intent, and its place among its token's intents: the ledger offset of its first record. Intents are
     * recorded one after another as their token's writes are made, but written again (told, reported) in the
     * transaction of a batch's outcomes, which may commit after the token's next intent was recorded: the offset of
     * the first record, not of the latest, is the order of the writes ({@code PreviousAttempt}).
     */
    private record Open(Intent intent, long recordedAt) {}

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

    /**
     * Forgets the events processed before {@code before}: past the dedup window they no longer count as processed
     * ({@link Triage}), and kept they would hold heap for as long as the partition stays with this instance.
     */
    void forgetDoneBefore(Instant before) {
        done.values().removeIf(where -> where.at().isBefore(before));
        doneById.values().removeIf(where -> where.at().isBefore(before));
    }

    /** A record written before sources counted: the event id alone was processed. */
    void doneById(String eventId, Done where) {
        doneById.put(eventId, where);
    }

    void forgetById(String eventId) {
        doneById.remove(eventId);
    }

    /** Records an intent as first written, at offset {@code offset} of the ledger partition: that is its place. */
    synchronized void recorded(Intent intent, long offset) {
        unreadableIntents.remove(intent.key());
        intents.put(intent.key(), new Open(intent, offset));
    }

    /**
     * Records an intent read back as written again (its fate told, its events reported), first written at
     * {@code recordedAt}; one already open keeps its place.
     */
    synchronized void rewritten(Intent intent, long recordedAt) {
        unreadableIntents.remove(intent.key());
        intents.merge(
                intent.key(),
                new Open(intent, recordedAt),
                (open, now) -> new Open(intent, Math.min(open.recordedAt(), recordedAt)));
    }

    /**
     * An open intent written again by a batch (its fate told, its events reported): it keeps its place, which is
     * returned, to be written with it.
     */
    synchronized long kept(Intent intent) {
        Open open = intents.get(intent.key());
        if (open == null) {
            throw new IllegalStateException("intent " + intent.key() + " is written again, but it is not open");
        }
        intents.put(intent.key(), new Open(intent, open.recordedAt()));
        return open.recordedAt();
    }

    /** An intent written before sources counted, its events named by their ids alone, as this version names them. */
    static Intent byIdAlone(Intent intent) {
        return withKeys(
                intent,
                intent.eventIds().stream()
                        .map(id -> EventEnvelope.idempotencyKey("", id))
                        .toList());
    }

    synchronized boolean isOpen(String intentKey) {
        return intents.containsKey(intentKey);
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
     * The open intents of a token in the order they were recorded, with their events named by idempotency key: an event named
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
                .filter(open -> open.intent().tokenId() == tokenId)
                .sorted(Comparator.comparingLong(Open::recordedAt))
                .map(open -> inKeys(open.intent(), batchKeys))
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

    /** The policy's view of the user's token; {@link PolicyView#NONE} when it decided nothing for it. */
    PolicyView view(long userId, long tokenId) {
        return views.getOrDefault(token(userId, tokenId), PolicyView.NONE);
    }

    void view(long userId, long tokenId, PolicyView view) {
        if (view.isEmpty()) {
            views.remove(token(userId, tokenId));
        } else {
            views.put(token(userId, tokenId), view);
        }
    }

    private static String token(long userId, long tokenId) {
        return userId + "/" + tokenId;
    }

    synchronized int size() {
        return done.size() + doneById.size() + intents.size() + security.size() + views.size();
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
                intent.usedBefore(),
                intent.fate(),
                intent.reported(),
                intent.unlimitedWrite(),
                intent.unlimitedChangedBy());
    }
}
