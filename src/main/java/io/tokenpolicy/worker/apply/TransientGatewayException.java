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
    private final boolean inDoubt;

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
        this(kind, message, cause, retryAfter, kind == Kind.TIMED_OUT);
    }

    /**
     * A failure that may have been carried out, when {@code inDoubt}: the request reached the gateway, or may have,
     * and no answer says what became of it ({@link #inDoubt()}).
     */
    public TransientGatewayException(Kind kind, String message, Throwable cause, Duration retryAfter, boolean inDoubt) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
        this.inDoubt = inDoubt || kind == Kind.TIMED_OUT;
    }

    public Kind kind() {
        return kind;
    }

    /** The wait the gateway asked for before the next call; zero when it asked for none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Whether the call may still have been carried out, or be carried out later: it timed out, its connection was
     * dropped once the request was on its way, or a proxy answered 502 or 504 for the gateway behind it. The gateway
     * does not stop a write when its caller goes away, so such a write may land after the worker has given up on it.
     */
    public boolean inDoubt() {
        return inDoubt;
    }

    /** This failure, retried no sooner than {@code wait} from now (and no sooner than the gateway asked). */
    TransientGatewayException retriedNoSoonerThan(Duration wait) {
        Duration longer = wait.compareTo(retryAfter) > 0 ? wait : retryAfter;
        return new TransientGatewayException(kind, getMessage(), getCause(), longer, inDoubt);
    }
}
