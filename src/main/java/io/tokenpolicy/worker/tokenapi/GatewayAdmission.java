package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.apply.CallAdmission;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A turn to call the gateway: a permit of its rate limit, then one of the instance's call
 * slots, so that the gateway never has more than {@code maxInFlight} of the instance's calls at
 * once, however many tokens are being applied. Waits are bounded by the caller; a turn given
 * back unused returns its permit at once, a call's permit one window after its answer.
 */
final class GatewayAdmission implements CallAdmission {

    private final GatewayRateLimit rateLimit;
    private final Semaphore callSlots;

    GatewayAdmission(GatewayRateLimit rateLimit, int maxInFlight) {
        this.rateLimit = rateLimit;
        this.callSlots = new Semaphore(maxInFlight);
    }

    /** On interruption or when the time is up, holds neither a permit nor a slot. */
    @Override
    public boolean await(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        if (!rateLimit.tryAcquire(nanos)) {
            return false;
        }
        boolean slot = false;
        try {
            slot = callSlots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            return slot;
        } finally {
            if (!slot) {
                rateLimit.unused();
            }
        }
    }

    @Override
    public void answered() {
        callSlots.release();
        rateLimit.answered();
    }

    @Override
    public void unused() {
        callSlots.release();
        rateLimit.unused();
    }
}
