package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.Lane;

/**
 * A turn to call the gateway: a permit of its rate limit, then one of the instance's call
 * slots, so that the gateway never has more than {@code maxInFlight} of the instance's calls at
 * once, however many tokens are being applied. Both are taken in the call's lane: a security
 * call waiting for either goes before every billing call, and a share of each is reserved for it
 * ({@link LanePermits}). Waits are bounded by the caller; a turn given back unused returns its
 * permit at once, a call's permit one window after its answer. While a 429's {@code Retry-After} pauses the instance,
 * no turn is given: a turn taken as the pause began is given back, and asked for again once it ends.
 */
final class GatewayAdmission implements CallAdmission {

    private final GatewayRateLimit rateLimit;
    private final LanePermits callSlots;

    /** Call slots without a reserve. */
    GatewayAdmission(GatewayRateLimit rateLimit, int maxInFlight) {
        this(rateLimit, new LanePermits(maxInFlight, 0));
    }

    GatewayAdmission(GatewayRateLimit rateLimit, LanePermits callSlots) {
        this.rateLimit = rateLimit;
        this.callSlots = callSlots;
    }

    /** On interruption or when the time is up, holds neither a permit nor a slot. */
    @Override
    public boolean await(Lane lane, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (take(lane, deadline)) {
            if (!rateLimit.paused()) {
                return true;
            }
            unused(lane);
        }
        return false;
    }

    private boolean take(Lane lane, long deadline) throws InterruptedException {
        if (!rateLimit.tryAcquire(lane, deadline - System.nanoTime())) {
            return false;
        }
        boolean slot = false;
        try {
            slot = callSlots.take(lane, deadline - System.nanoTime());
            return slot;
        } finally {
            if (!slot) {
                rateLimit.unused(lane);
            }
        }
    }

    @Override
    public void answered(Lane lane) {
        callSlots.giveBack(lane, 1);
        rateLimit.answered(lane);
    }

    @Override
    public void unused(Lane lane) {
        callSlots.giveBack(lane, 1);
        rateLimit.unused(lane);
    }
}
