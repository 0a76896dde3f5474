package io.tokenpolicy.worker.commands;

/** The dead letters {@code --result} selects, by the {@code dlt-result} and {@code dlt-cause} they were parked with. */
enum ResultFilter {
    FAILED,
    /** What the gateway refused: parked REJECTED with cause {@code refused}. */
    REFUSED,
    /** Every rejection, unreadable records too. */
    REJECTED,
    ALL;

    boolean takes(String result, String cause) {
        return this == ALL || name().equals(result) || (this == REFUSED && name().equalsIgnoreCase(cause));
    }
}
