package io.tokenpolicy.worker.apply;

/** How an event ended. */
public enum Result {
    /** The token was changed as the event asked. */
    APPLIED,
    /** Dry run: the token would have been changed as the event asks (see the changes); nothing was written. */
    PLANNED,
    /** The token already was as the event asks, or the event asks for nothing; no write. */
    NO_CHANGE,
    /** The event id was processed before; nothing done again. */
    DUPLICATE,
    /** The event is invalid, or the gateway refused it for good; the reason says why. */
    REJECTED,
    /** Transient failures outlasted the retry budget; the event is also on the dead-letter topic. */
    FAILED
}
