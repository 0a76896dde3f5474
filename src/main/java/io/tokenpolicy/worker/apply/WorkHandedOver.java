package io.tokenpolicy.worker.apply;

/**
 * The records of this work are being handed over and it could not finish in time: it stopped
 * between two gateway calls, left no outcome, and its events will be applied by the next owner.
 */
public final class WorkHandedOver extends RuntimeException {

    WorkHandedOver() {
        super("stopped: the records are being handed over", null, false, false);
    }
}
