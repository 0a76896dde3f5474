package io.tokenpolicy.worker.apply;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The lane a batch asks for its next gateway turn in: its own, raised to security while a security event of its
 * token waits for it to end. A token's batches run one at a time, so a security event cannot overtake the billing
 * batch of its own token that is already running; that batch's remaining calls go in the security lane instead, so
 * that the incident waits for them at the security lane's pace, not behind the billing backlog.
 */
public record BatchLane(Lane own, BooleanSupplier securityWaiting) implements Supplier<Lane> {

    /** A batch that keeps its own lane. */
    public static BatchLane of(Lane own) {
        return new BatchLane(own, () -> false);
    }

    @Override
    public Lane get() {
        return own == Lane.SECURITY || securityWaiting.getAsBoolean() ? Lane.SECURITY : own;
    }
}
