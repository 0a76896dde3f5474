package io.tokenpolicy.worker.apply;

import java.time.Duration;

/** Rate limited, unavailable, timed out, cut off or refused for a reason that may pass: the same call may succeed later. */
public final class TransientGatewayException extends GatewayException {

    /** What went wrong, which decides how the failure counts towards the circuit and how soon to retry. */
    public enum Kind {
        /** HTTP 429: the gateway is up, the rate limit slows the worker down. */
        RATE_LIMITED,
        /** 5xx, an unreadable answer, a refused or dropped connection. */
        UNAVAILABLE,
        /** No answer within the request timeout: the gateway may still carry the call out. */
        TIMED_OUT,
        /**
         * HTTP 200 {@code success:false} with a message not known to be final (a database error inside the gateway's
         * controller, a fork's own text): the gateway is up, so it does not count towards the circuit.
         */
        REFUSED
    }

    private final Kind kind;
    private final Duration retryAfter;

    public TransientGatewayException(String message) {
        this(Kind.UNAVAILABLE, message, null);
    }

    public TransientGatewayException(String message, Throwable cause) {
        this(Kind.UNAVAILABLE, message, cause);
    }

    public TransientGatewayException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, Duration.ZERO);
    }

    /**
     * A failure whose answer said how long to wait before asking again (a {@code Retry-After} header): the call is
     * retried no sooner, however short the backoff.
     */
    public TransientGatewayException(Kind kind, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The wait the gateway asked for before the next call; zero when it asked for none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
