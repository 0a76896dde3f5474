package io.tokenpolicy.worker.commands;

/** The dead letters {@code --result} selects, by the {@code dlt-result} and {@code dlt-cause} they were parked with. */
enum ResultFilter {
    FAILED,
    /** What the gateway refused: parked REJECTED with cause {@code refused}. */
    REFUSED,
    /** A billing event found on the security topic: parked REJECTED with cause {@code wrong_topic}, never applied. */
    WRONG_TOPIC,
    /**
     * An event whose earlier attempt's quota change may have landed: parked REJECTED with cause {@code untold}; replay
     * it only once the token shows that the change did not land, since it is applied again.
     */
    UNTOLD,
    /** Every rejection, unreadable and untold records too. */
    REJECTED,
    ALL;

    boolean takes(String result, String cause) {
        return this == ALL
                || name().equals(result)
                || ((this == REFUSED || this == WRONG_TOPIC || this == UNTOLD) && name().equalsIgnoreCase(cause));
    }
}
