package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.PolicyView;

/**
 * The policy's view of each token ({@link PolicyView}): what it last decided for the fields it owns and the funded
 * total it expects. Kept durably with the outcome of the event that changed it, so that a drift pass can compare it
 * with the gateway.
 */
public interface PolicyViews {

    /** The token's view; {@link PolicyView#NONE} when the policy decided nothing for it yet. */
    PolicyView view(long userId, long tokenId);

    /** The token's view is now {@code view} because of the event with the idempotency key {@code eventKey}. */
    void record(long userId, long tokenId, PolicyView view, String eventKey);

    /** Views for work that keeps none (tests, one-off applications). */
    PolicyViews NONE = new PolicyViews() {
        @Override
        public PolicyView view(long userId, long tokenId) {
            return PolicyView.NONE;
        }

        @Override
        public void record(long userId, long tokenId, PolicyView view, String eventKey) {}
    };
}
