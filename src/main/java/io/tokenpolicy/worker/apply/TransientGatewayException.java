package io.tokenpolicy.worker.apply;

/** Rate limited, unavailable, timed out or cut off: the same call may succeed later. */
public final class TransientGatewayException extends GatewayException {

    /** What went wrong, which decides how the failure counts towards the circuit and how soon to retry. */
    public enum Kind {
        /** HTTP 429: the gateway is up, the rate limit slows the worker down. */
        RATE_LIMITED,
        /** 5xx, an unreadable answer, a refused or dropped connection. */
        UNAVAILABLE,
        /** No answer within the request timeout: the gateway may still carry the call out. */
        TIMED_OUT
    }

    private final Kind kind;

    public TransientGatewayException(String message) {
        this(Kind.UNAVAILABLE, message, null);
    }

    public TransientGatewayException(String message, Throwable cause) {
        this(Kind.UNAVAILABLE, message, cause);
    }

    public TransientGatewayException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
