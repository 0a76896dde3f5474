package io.tokenpolicy.worker.apply;

/**
 * Which tokens a security event of the worker's disabled and nothing has re-enabled or disabled for
 * another reason since: the gateway stores only that a token is disabled, not why, and a resolved
 * incident must re-enable only what a security event stopped. Kept durably with the events' outcomes.
 */
public interface SecurityHolds {

    boolean held(long userId, long tokenId);

    /**
     * The token is now held (or no longer held) because of the event with the idempotency key {@code eventKey};
     * kept with its outcome.
     */
    void record(long userId, long tokenId, boolean held, String eventKey);

    /** Holds for work that keeps none (tests, one-off applications): nothing is held, so nothing is re-enabled. */
    SecurityHolds NONE = new SecurityHolds() {
        @Override
        public boolean held(long userId, long tokenId) {
            return false;
        }

        @Override
        public void record(long userId, long tokenId, boolean held, String eventKey) {}
    };
}
