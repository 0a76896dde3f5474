package io.tokenpolicy.worker.apply;

import java.util.HashSet;
import java.util.Set;

/** Security holds kept in memory, as the ledger keeps them: what was recorded is what is read back. */
final class RememberedHolds implements SecurityHolds {

    private final Set<Long> held = new HashSet<>();

    RememberedHolds(long tokenId, boolean heldAtStart) {
        if (heldAtStart) {
            held.add(tokenId);
        }
    }

    @Override
    public boolean held(long userId, long tokenId) {
        return held.contains(tokenId);
    }

    @Override
    public void record(long userId, long tokenId, boolean nowHeld, String eventKey) {
        if (nowHeld) {
            held.add(tokenId);
        } else {
            held.remove(tokenId);
        }
    }
}
