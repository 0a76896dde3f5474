package io.tokenpolicy.worker.events;

/** Thrown while reading a record to say, in words a producer can act on, what is wrong with it. */
final class BadEventException extends RuntimeException {

    BadEventException(String reason) {
        super(reason, null, false, false);
    }
}
