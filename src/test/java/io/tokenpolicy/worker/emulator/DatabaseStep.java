package io.tokenpolicy.worker.emulator;

/**
 * Where inside the token controller a database error can strike; the server answers either with HTTP 200
 * {@code success:false} and the driver's raw text, as it answers a business refusal.
 */
public enum DatabaseStep {

    /** Reading the token: a GET, or a PUT's lookup after its limits were checked. Nothing is changed. */
    LOOKUP,

    /** Writing the token: a PUT after every check passed, or a create. Nothing is changed. */
    UPDATE;

    /** SQLite's text for a write that waited too long for the database's lock. */
    public static final String SQLITE_LOCKED = "database is locked";

    /** MySQL's text for a row lock that was not granted in time. */
    public static final String MYSQL_LOCK_WAIT =
            "Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction";
}
