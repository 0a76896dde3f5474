package io.tokenpolicy.worker.apply;

import java.util.HashMap;
import java.util.Map;

/** Security facts as the ledger keeps them for one user: each recorded change is what the next batch reads. */
final class LedgerLikeHolds implements SecurityHolds {

    private final long userId;
    private final Map<Long, SecurityFacts> facts = new HashMap<>();

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
    }
}
