package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.Intent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the worker knows of one partition's past, restored from the ledger topic when the
 * partition is assigned: the event ids already processed (and where), the intents of
 * quota writes that never reported back, and the tokens a security event holds disabled.
 */
final class PartitionLedger {

    /** An event id processed at this offset of the partition. */
    record Done(long offset, Instant at) {
    }

    private final Map<String, Done> done = new ConcurrentHashMap<>();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final Map<String, Instant> heldBySecurity = new ConcurrentHashMap<>();

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
        intents.remove(intent.key());
        intents.put(intent.key(), intent);
    }

    synchronized void closeIntent(String key) {
        intents.remove(key);
    }

    /** The open intents of a token, oldest first. */
    synchronized List<Intent> openIntents(long tokenId) {
        return intents.values().stream().filter(intent -> intent.tokenId() == tokenId).toList();
    }

    /** Since when a security event holds the user's token disabled, if one does. */
    Optional<Instant> heldSince(long userId, long tokenId) {
        return Optional.ofNullable(heldBySecurity.get(token(userId, tokenId)));
    }

    void hold(long userId, long tokenId, Instant since) {
        heldBySecurity.put(token(userId, tokenId), since);
    }

    void release(long userId, long tokenId) {
        heldBySecurity.remove(token(userId, tokenId));
    }

    private static String token(long userId, long tokenId) {
        return userId + "/" + tokenId;
    }

    synchronized int size() {
        return done.size() + intents.size() + heldBySecurity.size();
    }
}
