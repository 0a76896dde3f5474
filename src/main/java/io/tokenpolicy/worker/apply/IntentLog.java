package io.tokenpolicy.worker.apply;

import java.util.List;

/** Where intents are kept, durably, for the tokens of one stream of events. */
public interface IntentLog {

    /**
     * Returns once the intent is durable; throws {@link IllegalStateException} if it cannot be made so (a write that
     * moves the quota must then not happen).
     */
    void record(Intent intent);

    /**
     * Makes durable, before the write that disables the token goes out, the {@code facts} with the hold a security
     * event's disable starts, as {@link #record} does a quota write's intent: a crash or hand-over after the write
     * landed, before its event's outcome was committed, then leaves the hold, and the event delivered again finds
     * the token disabled and held. What the batch ends with is kept with its outcomes as ever. Returns once durable;
     * throws if the facts cannot be made so (the write must then not happen).
     */
    void recordHold(long userId, long tokenId, SecurityFacts facts);

    /**
     * Whether the event with the idempotency key {@code eventKey} was done by a batch whose outcomes were committed
     * (or are being published), so that it will not be delivered again. A log that keeps no such entries (tests, dry
     * runs) knows of none.
     */
    default boolean committed(String eventKey) {
        return false;
    }

    /** The intents of this token that were not closed yet, oldest first. */
    List<Intent> open(long tokenId);

    /**
     * The intent's fate is told ({@link Intent#fate()} is not UNKNOWN) by a batch of the token's owner
     * {@code userId}: whether its write landed is told to the events that carry it, in this batch or, when they
     * were reported already, by a {@link LateOutcome}.
     */
    void settle(Intent told, long userId);

    /** An intent log for work that needs none (tests, dry runs). */
    IntentLog NONE = new IntentLog() {
        @Override
        public void record(Intent intent) {}

        @Override
        public void recordHold(long userId, long tokenId, SecurityFacts facts) {}

        @Override
        public List<Intent> open(long tokenId) {
            return List.of();
        }

        @Override
        public void settle(Intent told, long userId) {}
    };
}
