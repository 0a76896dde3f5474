package io.tokenpolicy.worker.apply;

/**
 * The gateway's admission of calls, which a call waits for once the circuit lets it through: a
 * place in the gateway's rate limit and one of the instance's call slots. The wait is the
 * caller's to bound, so that the work it is done for can stop waiting when its budget is spent
 * or its records are handed over. A call asks in its {@link Lane}: a waiting security call is
 * admitted before any billing call, and a share of the places is kept for it.
 */
public interface CallAdmission {

    /** Waits at most {@code nanos} for a turn to call in {@code lane}; {@code true} when one is held. */
    boolean await(Lane lane, long nanos) throws InterruptedException;

    /**
     * Waits at most {@code nanos} for {@code turns} turns at once in {@code lane}, a call's and the next call's, or
     * fewer when there can never be that many at once; how many are held, 0 when none. Each is answered or given
     * back on its own. This one takes a single turn.
     */
    default int await(Lane lane, int turns, long nanos) throws InterruptedException {
        return await(lane, nanos) ? 1 : 0;
    }

    /** The call of a turn held in {@code lane} went out and its answer came (or it failed). */
    void answered(Lane lane);

    /** A turn held in {@code lane} is given back without a call. */
    void unused(Lane lane);

    /**
     * Whether calls are held back now (a 429's {@code Retry-After} pauses them all): a turn taken before is then
     * given back rather than used.
     */
    default boolean heldBack() {
        return false;
    }

    /** No limit: for calls that never reach the gateway (plans, tests). */
    CallAdmission UNLIMITED = new CallAdmission() {
        @Override
        public boolean await(Lane lane, long nanos) {
            return true;
        }

        @Override
        public void answered(Lane lane) {}

        @Override
        public void unused(Lane lane) {}
    };
}
