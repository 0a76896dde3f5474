package io.tokenpolicy.worker.apply;

import java.util.List;
import java.util.Objects;

/**
 * What the worker is about to write to a token's quota, recorded durably before the write:
 * the funded total it read and the delta its write will add. After a crash, reading the
 * token again tells whether the write landed (funded total moved by the delta) or not
 * (unchanged), because usage on the gateway never changes the funded total.
 *
 * @param key          identifies the intent in the ledger
 * @param tokenId      the token
 * @param eventIds     the events whose quota change the write carries, by their idempotency keys (source and id)
 * @param fundedBefore {@code remain_quota + used_quota} read before the write
 * @param delta        what the write adds to {@code remain_quota} (negative for a refund)
 */
public record Intent(String key, long tokenId, List<String> eventIds, long fundedBefore, long delta) {

    public Intent {
        Objects.requireNonNull(key, "key");
        eventIds = List.copyOf(eventIds);
    }

    public static Intent of(long tokenId, List<String> eventIds, long fundedBefore, long delta) {
        return new Intent("intent/" + tokenId + "/" + eventIds.get(0), tokenId, eventIds, fundedBefore, delta);
    }

    /** What the funded total is once the write has landed. */
    public long fundedAfter() {
        return fundedBefore + delta;
    }
}
