package io.tokenpolicy.worker.apply;

/** The gateway refused the call for good (business error, bad credentials): never retried. */
public final class PermanentGatewayException extends GatewayException {

    public PermanentGatewayException(String message) {
        super(message, null);
    }
}
