package io.tokenpolicy.worker.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Security facts as the ledger keeps them for one user: each recorded change is what the next batch reads, and is
 * published with the outcome of the event it was recorded with, as {@code ledger.KafkaSecurityHolds} does.
 */
final class LedgerLikeHolds implements SecurityHolds {

    private final long userId;
    private final Map<Long, SecurityFacts> facts = new HashMap<>();
    private final List<Published> published = new ArrayList<>();

    LedgerLikeHolds(long userId) {
        this.userId = userId;
    }

    /** Token {@code tokenId} starts with these facts. */
    LedgerLikeHolds with(long tokenId, SecurityFacts start) {
        facts.put(tokenId, start);
        return this;
    }

    @Override
    public SecurityFacts facts(long userId, long tokenId) {
        return userId == this.userId ? facts.getOrDefault(tokenId, SecurityFacts.NONE) : SecurityFacts.NONE;
    }

    @Override
    public void record(long userId, long tokenId, SecurityFacts recorded, String eventKey) {
        facts.put(tokenId, recorded);
        published.add(new Published(tokenId, recorded, eventKey));
    }

    /**
     * The facts a new owner restores when only the outcomes of these events were committed (each input record's
     * outputs commit with its own offset): for each token, the last facts published with one of them.
     */
    LedgerLikeHolds restoredWith(String... committedEventKeys) {
        LedgerLikeHolds restored = new LedgerLikeHolds(userId);
        Set<String> committed = Set.of(committedEventKeys);
        published.stream()
                .filter(change -> committed.contains(change.eventKey()))
                .forEach(change -> restored.facts.put(change.tokenId(), change.facts()));
        return restored;
    }

    private record Published(long tokenId, SecurityFacts facts, String eventKey) {}
}
