package io.tokenpolicy.worker.apply;

/** A call to the gateway that did not succeed; the subtype says whether trying again can help. */
public abstract sealed class GatewayException extends RuntimeException
        permits TransientGatewayException, PermanentGatewayException, UnacceptableAnswerException {

    protected GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
