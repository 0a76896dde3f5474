package io.tokenpolicy.worker.drift;

import io.tokenpolicy.worker.policy.PolicyView;
import java.time.Instant;

/**
 * The policy's view of one token as its record on the policy-view topic holds it.
 *
 * @param decidedBy the idempotency key of the event whose outcome carried the view
 * @param decidedAt when the view was written
 */
public record ViewedToken(long userId, long tokenId, PolicyView view, String decidedBy, Instant decidedAt) {}
