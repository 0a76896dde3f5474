package io.tokenpolicy.worker.emulator;

import com.sun.net.httpserver.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One request on one connection of the emulator's server, and the answer to it: at most one
 * answer, or the connection dropped instead. An answer may be held back until a given time
 * after the request arrived, and whoever writes it says when it is about to go out.
 */
final class EmulatorExchange {

    private final String method;

    private final String path;

    private final String rawQuery;

    private final Headers requestHeaders;

    private final byte[] body;

    private final long arrivedAt;

    private final Instant arrival;

    private final Headers responseHeaders = new Headers();

    private int status;

    private byte[] responseBody;

    private boolean dropped;

    private long answerAt;

    private Runnable whenDone = () -> {};

    /** A request that arrived at {@code arrivedAt} ({@link System#nanoTime()}). */
    EmulatorExchange(String method, String path, String rawQuery, Headers requestHeaders, byte[] body, long arrivedAt) {
        this.arrivedAt = arrivedAt;
        this.arrival = Instant.now().minusNanos(System.nanoTime() - arrivedAt);
        this.answerAt = arrivedAt;
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.requestHeaders = requestHeaders;
        this.body = body;
    }

    /** When the request arrived, on the wall clock. */
    Instant arrival() {
        return arrival;
    }

    String method() {
        return method;
    }

    /** The decoded path, as {@code URI.getPath()} gives it. */
    String path() {
        return path;
    }

    /** The raw query string, or {@code null} when the request had none. */
    String rawQuery() {
        return rawQuery;
    }

    Headers requestHeaders() {
        return requestHeaders;
    }

    byte[] body() {
        return body;
    }

    Headers responseHeaders() {
        return responseHeaders;
    }

    /** Answers with {@code status} and {@code body} ({@code null} for none); only the first answer counts. */
    void respond(int status, byte[] body) {
        if (!answered()) {
            this.status = status;
            this.responseBody = Objects.requireNonNullElse(body, new byte[0]);
        }
    }

    /** Closes the connection without an answer, as a crashing proxy would. */
    void drop() {
        dropped = true;
    }

    /** Holds the answer back until {@code latency} after the request arrived. */
    void answerAfter(Duration latency) {
        answerAt = arrivedAt + latency.toNanos();
    }

    /** When the answer is due ({@link System#nanoTime()}): the arrival, unless held back. */
    long answerAt() {
        return answerAt;
    }

    /** Runs {@code action} once the answer is due to be written, or the exchange ended without one. */
    void whenDone(Runnable action) {
        this.whenDone = action;
    }

    void done() {
        whenDone.run();
    }

    boolean answered() {
        return status != 0;
    }

    boolean dropped() {
        return dropped;
    }

    int status() {
        return status;
    }

    byte[] responseBody() {
        return responseBody;
    }
}
