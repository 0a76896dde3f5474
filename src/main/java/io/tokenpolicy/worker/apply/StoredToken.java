package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;

/** A token as read from the gateway: the policy's view of it, plus whatever the adapter keeps to write it back whole. */
public interface StoredToken {

    long userId();

    TokenState state();

    /** Quota spent through the token; not writable, and moved from remain_quota by usage. */
    long usedQuota();

    /**
     * {@code remain_quota + used_quota}: usage does not change it, so it moves only when quota
     * is written. It is how the worker tells whether a top-up it was about to write landed.
     */
    default long fundedTotal() {
        return state().remainQuota() + usedQuota();
    }
}
