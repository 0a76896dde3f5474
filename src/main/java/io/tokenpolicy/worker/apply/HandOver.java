package io.tokenpolicy.worker.apply;

import java.time.Duration;

/**
 * Tells the work on some records that they are being handed over (their partition moves to
 * another instance, or the worker shuts down) and by when it must be done. Work that would
 * still be waiting for a retry or for the circuit by then gives up at once with
 * {@link WorkHandedOver}: the next owner applies those events, and the ledger of intents keeps
 * a write that already landed from landing twice.
 */
public final class HandOver {

    private volatile boolean begun;
    private volatile long deadline;

    /** The hand-over begins: work must be done within {@code within}. A later call never extends it. */
    public synchronized void begin(Duration within) {
        if (!begun) {
            deadline = System.nanoTime() + within.toNanos();
            begun = true;
        }
    }

    boolean begun() {
        return begun;
    }

    /** Whether a wait of {@code nanos} from now still ends before the work must be done. */
    boolean allowsWait(long nanos) {
        return !begun || deadline - System.nanoTime() > nanos;
    }
}
