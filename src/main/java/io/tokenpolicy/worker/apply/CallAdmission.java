package io.tokenpolicy.worker.apply;

/**
 * The gateway's admission of calls, which a call waits for once the circuit lets it through: a
 * place in the gateway's rate limit and one of the instance's call slots. The wait is the
 * caller's to bound, so that the work it is done for can stop waiting when its budget is spent
 * or its records are handed over.
 */
public interface CallAdmission {

    /** Waits at most {@code nanos} for a turn to call; {@code true} when one is held. */
    boolean await(long nanos) throws InterruptedException;

    /** The call of a held turn went out and its answer came (or it failed). */
    void answered();

    /** A held turn is given back without a call. */
    void unused();

    /** No limit: for calls that never reach the gateway (plans, tests). */
    CallAdmission UNLIMITED = new CallAdmission() {
        @Override
        public boolean await(long nanos) {
            return true;
        }

        @Override
        public void answered() {}

        @Override
        public void unused() {}
    };
}
