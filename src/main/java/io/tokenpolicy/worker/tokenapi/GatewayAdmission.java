package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.Lane;

/**
 * A turn to call the gateway: a permit of its rate limit, then one of the instance's call
 * slots, so that the gateway never has more than {@code maxInFlight} of the instance's calls at
 * once, however many tokens are being applied. Both are taken in the call's lane: a security
 * call waiting for either goes before every billing call, and a share of each is reserved for it
 * ({@link LanePermits}). A call that asks for its turn and the next call's gets both of each together, so that it
 * never holds a slot while it waits for another. Waits are bounded by the caller; a turn given back unused returns its
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
        return await(lane, 1, nanos) == 1;
    }

    /**
     * Both kinds taken {@code turns} at a time: permits of the rate limit, then as many call slots; a permit left
     * without a slot (the slots are fewer than {@code turns}) comes back at once.
     */
    @Override
    public int await(Lane lane, int turns, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (int taken = take(lane, turns, deadline); taken > 0; taken = take(lane, turns, deadline)) {
            if (!rateLimit.paused()) {
                return taken;
            }
            callSlots.giveBack(lane, taken);
            rateLimit.unused(lane, taken);
        }
        return 0;
    }

    private int take(Lane lane, int turns, long deadline) throws InterruptedException {
        int permits = rateLimit.tryAcquire(lane, turns, deadline - System.nanoTime());
        if (permits == 0) {
            return 0;
        }
        int slots = 0;
        try {
            slots = callSlots.take(lane, permits, deadline - System.nanoTime());
            return slots;
        } finally {
            rateLimit.unused(lane, permits - slots);
        }
    }

    @Override
    public boolean heldBack() {
        return rateLimit.paused();
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
