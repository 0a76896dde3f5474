package io.tokenpolicy.worker.apply;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the worker is about to write to a token's quota, recorded durably before the write:
 * the funded total it read and the delta its write will add. After a crash, reading the
 * token again tells whether the write landed (funded total moved by the delta) or not
 * (unchanged), because usage on the gateway never changes the funded total.
 *
 * @param key          identifies the intent in the ledger, this recording of it alone: a write of the same events
 *                     from the same funded total, recorded again after the first was told NOT_LANDED, is another
 *                     intent, so that what is later written of the one never stands for the other
 * @param tokenId      the token
 * @param eventIds     the events whose quota change the write carries, by their idempotency keys (source and id)
 * @param eventTypes   their types, in the same order (empty in intents recorded before types were kept)
 * @param fundedBefore {@code remain_quota + used_quota} read before the write
 * @param delta        what the write adds to {@code remain_quota} (negative for a refund)
 * @param usedBefore   {@code used_quota} read before the write, so that usage since bounds what its write can have
 *                     overwritten; {@code -1} in intents recorded before it was kept
 * @param fate         whether the write landed, once a later batch of the token has told it
 * @param reported     its events already have an outcome without effect (FAILED or REJECTED): none of them
 *                     comes back except from the dead-letter topic, so the batch that tells the fate settles them
 * @param unlimitedWrite what the write does to {@code unlimited_quota}, which decides whether the quota events
 *                     before it in its batch moved the quota: when the funded total cannot tell the write's fate
 *                     (a delta of 0), the flag does, and a batch delivered again after the write landed decides
 *                     its events from the flag as it was before, when it holds the event that changed it
 * @param unlimitedChangedBy the idempotency key of the event that decided that change, empty when unchanged
 */
public record Intent(
        String key,
        long tokenId,
        List<String> eventIds,
        List<String> eventTypes,
        long fundedBefore,
        long delta,
        long usedBefore,
        Fate fate,
        boolean reported,
        UnlimitedWrite unlimitedWrite,
        String unlimitedChangedBy) {

    /** What became of the intended write. */
    public enum Fate {
        /** Not told yet: the write may or may not have landed. */
        UNKNOWN,
        LANDED,
        NOT_LANDED,
        /** The funded total is neither before nor after the write: someone else changed the quota meanwhile. */
        UNTOLD
    }

    /** What a write does to {@code unlimited_quota}. */
    public enum UnlimitedWrite {
        UNCHANGED,
        MADE_UNLIMITED,
        MADE_LIMITED;

        /** What a write from {@code before} to {@code after} does. */
        public static UnlimitedWrite of(boolean before, boolean after) {
            if (before == after) {
                return UNCHANGED;
            }
            return after ? MADE_UNLIMITED : MADE_LIMITED;
        }
    }

    public Intent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fate, "fate");
        Objects.requireNonNull(unlimitedWrite, "unlimitedWrite");
        Objects.requireNonNull(unlimitedChangedBy, "unlimitedChangedBy");
        eventIds = List.copyOf(eventIds);
        eventTypes = List.copyOf(eventTypes);
    }

    public static Intent of(
            long tokenId, List<String> eventIds, List<String> eventTypes, long fundedBefore, long delta) {
        return new Intent(
                "intent/" + tokenId + "/" + UUID.randomUUID(),
                tokenId,
                eventIds,
                eventTypes,
                fundedBefore,
                delta,
                -1,
                Fate.UNKNOWN,
                false,
                UnlimitedWrite.UNCHANGED,
                "");
    }

    /** This intent with the {@code used_quota} read before its write. */
    public Intent withUsedBefore(long used) {
        return new Intent(
                key,
                tokenId,
                eventIds,
                eventTypes,
                fundedBefore,
                delta,
                used,
                fate,
                reported,
                unlimitedWrite,
                unlimitedChangedBy);
    }

    /** This intent with what its write does to {@code unlimited_quota}, as the event with the key {@code by} decided. */
    public Intent withUnlimitedWrite(UnlimitedWrite write, String by) {
        return new Intent(
                key, tokenId, eventIds, eventTypes, fundedBefore, delta, usedBefore, fate, reported, write, by);
    }

    /**
     * Whether the intent only guards the usage its write overwrites: its write moves no quota, changes no
     * {@code unlimited_quota} and names no event (a narrowing, an expiry), so that no event's fate waits for it.
     */
    public boolean guardsUsageOnly() {
        return delta == 0 && unlimitedWrite == UnlimitedWrite.UNCHANGED && eventIds.isEmpty();
    }

    /** What the funded total is once the write has landed. */
    public long fundedAfter() {
        return fundedBefore + delta;
    }

    /**
     * The funded total to bring the token back to once this intent, the newest, was told landed: its write may have
     * overwritten usage that came between its read and its write, never more than the usage since its read. So an
     * intent that was not the token's last write (one appended to the ledger after it was given up) takes back at
     * most that usage, not the top-ups written after it.
     */
    public long fundedAfterOverwrittenUsage(StoredToken now) {
        if (usedBefore < 0) {
            return fundedAfter();
        }
        return Math.max(fundedAfter(), now.fundedTotal() - Math.max(0, now.usedQuota() - usedBefore));
    }

    public Intent told(Fate told) {
        return new Intent(
                key,
                tokenId,
                eventIds,
                eventTypes,
                fundedBefore,
                delta,
                usedBefore,
                told,
                reported,
                unlimitedWrite,
                unlimitedChangedBy);
    }

    /** This intent once its events were given an outcome without effect. */
    public Intent reportedWithoutEffect() {
        return new Intent(
                key,
                tokenId,
                eventIds,
                eventTypes,
                fundedBefore,
                delta,
                usedBefore,
                fate,
                true,
                unlimitedWrite,
                unlimitedChangedBy);
    }

    /** The type of one of its events, or {@code null} when it was not kept. */
    public String typeOf(String eventKey) {
        int index = eventIds.indexOf(eventKey);
        return index >= 0 && index < eventTypes.size() ? eventTypes.get(index) : null;
    }
}
