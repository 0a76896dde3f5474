package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;

/** A token as read from the gateway: the policy's view of it, plus whatever the adapter keeps to write it back whole. */
public interface StoredToken {

    long userId();

    TokenState state();
}
