package io.tokenpolicy.worker.apply;

import java.time.Instant;

/**
 * The gateway circuit as health checks see it. {@code lastFailure} is the message of the last
 * failed call (route, token id, HTTP status or error class), which never holds a credential.
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
