package io.tokenpolicy.worker.apply;

/**
 * The gateway answered, but with a token the worker cannot accept: one whose owner it does not name ({@code user_id}
 * missing), or a write it did not carry out as asked, for a change that must not be reported done unless it is. Asking
 * again gets the same answer, so it is not retried; and the event is not at fault, so it ends FAILED (parked for
 * replay once the gateway is fixed), not REJECTED.
 */
public final class UnacceptableAnswerException extends GatewayException {

    public UnacceptableAnswerException(String message) {
        super(message, null);
    }
}
