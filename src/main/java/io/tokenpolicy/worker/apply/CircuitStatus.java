package io.tokenpolicy.worker.apply;

import java.time.Instant;

/**
 * The gateway circuit as health checks see it: its state, since when the gateway has been up or
 * down (probing does not count as a change), the failed calls in a row and the message of the last
 * (route, token id, HTTP status or error class), which never holds a credential.
 */
public record CircuitStatus(State state, int consecutiveFailures, String lastFailure, Instant since) {

    public enum State {
        /** Calls go out. */
        CLOSED,
        /** The gateway looked down: calls wait. */
        OPEN,
        /** Probe calls go out to see whether the gateway is back. */
        HALF_OPEN
    }

    /** Why calls wait, in words. */
    public String reason() {
        return consecutiveFailures + " gateway calls in a row failed"
                + (lastFailure.isEmpty() ? "" : ", the last with: " + lastFailure);
    }
}
