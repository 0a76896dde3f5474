package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.Intent;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the worker knows of one partition's past, restored from the ledger topic when the
 * partition is assigned: the event ids already processed (and where), and the intents of
 * quota writes that never reported back.
 */
final class PartitionLedger {

    /** An event id processed at this offset of the partition. */
    record Done(long offset, Instant at) {
    }

    private final Map<String, Done> done = new ConcurrentHashMap<>();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final Map<String, Long> unreadableIntents = new HashMap<>();

    Optional<Done> done(String eventId) {
        return Optional.ofNullable(done.get(eventId));
    }

    void done(String eventId, Done where) {
        done.put(eventId, where);
    }

    void forget(String eventId) {
        done.remove(eventId);
    }

    /** Records an intent as the newest of its token. */
    synchronized void intent(Intent intent) {
        unreadableIntents.remove(intent.key());
        intents.remove(intent.key());
        intents.put(intent.key(), intent);
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

    /** The open intents of a token, oldest first; throws while one of them could not be read. */
    synchronized List<Intent> openIntents(long tokenId) {
        unreadableIntents.forEach((key, token) -> {
            if (token == tokenId) {
                throw new IllegalStateException("the ledger record " + key + " cannot be read, so whether its quota"
                        + " write landed cannot be told; not applied until the record is replaced");
            }
        });
        return intents.values().stream().filter(intent -> intent.tokenId() == tokenId).toList();
    }

    synchronized int size() {
        return done.size() + intents.size();
    }
}
