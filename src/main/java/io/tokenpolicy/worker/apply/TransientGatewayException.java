package io.tokenpolicy.worker.apply;

/** Rate limited, unavailable, timed out or cut off: the same call may succeed later. */
public final class TransientGatewayException extends GatewayException {

    public TransientGatewayException(String message) {
        super(message, null);
    }

    public TransientGatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
