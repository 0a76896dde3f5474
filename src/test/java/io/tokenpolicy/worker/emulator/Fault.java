package io.tokenpolicy.worker.emulator;

/**
 * Infrastructure failures the emulator can inject, so a client's retry and timeout handling is
 * tested against the ways a real gateway and its proxy fail, not only against business errors.
 */
public enum Fault {

    /** HTTP 401 with the server's JSON body, as when the access token is refused. */
    HTTP_401,

    /** HTTP 408 with a proxy's HTML body (not JSON): the proxy gave up waiting for the request. */
    HTTP_408,

    /** HTTP 500 with the server's JSON body {@code {"success":false,...}}, as on a database error. */
    HTTP_500,

    /**
     * HTTP 200 {@code {"success":false,"message":"database is locked"}}: a database error inside the
     * controller, which the gateway answers like a business refusal; nothing is changed.
     */
    DATABASE_LOCKED,

    /** HTTP 502 with a proxy's HTML body (not JSON). */
    HTTP_502,

    /** HTTP 503 with a proxy's HTML body (not JSON). */
    HTTP_503,

    /**
     * Holds the answer for the timeout hold, then processes the call normally: a client that gave up
     * cannot know whether its write landed.
     */
    TIMEOUT,

    /** Closes the connection without any response. */
    DROP_CONNECTION,

    /**
     * The call takes effect, but its answer is lost on the way back and the proxy answers 502: a
     * client cannot tell this from a 502 that nothing lies behind.
     */
    HTTP_502_AFTER_EFFECT
}
