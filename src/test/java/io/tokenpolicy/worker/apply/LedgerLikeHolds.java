package io.tokenpolicy.worker.apply;

import java.util.HashSet;
import java.util.Set;

/** Holds as the ledger keeps them for one user: each recorded change is what the next batch reads. */
final class LedgerLikeHolds implements SecurityHolds {

    private final long userId;
    private final Set<Long> held = new HashSet<>();

    LedgerLikeHolds(long userId) {
        this.userId = userId;
    }

    @Override
    public boolean held(long userId, long tokenId) {
        return userId == this.userId && held.contains(tokenId);
    }

    @Override
    public void record(long userId, long tokenId, boolean isHeld, String eventKey) {
        if (isHeld) {
            held.add(tokenId);
        } else {
            held.remove(tokenId);
        }
    }
}
