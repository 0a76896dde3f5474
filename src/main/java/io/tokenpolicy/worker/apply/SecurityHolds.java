package io.tokenpolicy.worker.apply;

/**
 * What the worker knows of each token's security that the gateway cannot store ({@link SecurityFacts}): which tokens
 * a security event of the worker's holds disabled, what else stops them, the narrowings not written yet and the
 * models a security restriction allows. The gateway stores only that a token is disabled, not why, and a resolved
 * incident must re-enable only what a security event stopped. Kept durably with the events' outcomes.
 */
public interface SecurityHolds {

    /** The token's facts; {@link SecurityFacts#NONE} when none are kept (or they are older than the worker keeps). */
    SecurityFacts facts(long userId, long tokenId);

    /**
     * The token's facts are now {@code facts} because of the event with the idempotency key {@code eventKey};
     * kept with its outcome.
     */
    void record(long userId, long tokenId, SecurityFacts facts, String eventKey);

    default boolean held(long userId, long tokenId) {
        return facts(userId, tokenId).held();
    }

    /** Facts for work that keeps none (tests, one-off applications): nothing is held, so nothing is re-enabled. */
    SecurityHolds NONE = new SecurityHolds() {
        @Override
        public SecurityFacts facts(long userId, long tokenId) {
            return SecurityFacts.NONE;
        }

        @Override
        public void record(long userId, long tokenId, SecurityFacts facts, String eventKey) {}
    };
}
