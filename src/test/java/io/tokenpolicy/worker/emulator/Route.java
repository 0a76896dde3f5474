package io.tokenpolicy.worker.emulator;

import java.util.Map;

/**
 * The calls the emulator tells apart, so tests can count what a client sent per route
 * (a status-only PUT is a different call from a full PUT).
 */
public enum Route {

    /** {@code GET /api/token/{id}}. */
    GET_TOKEN,

    /** {@code GET /api/token/?p=&size=}. */
    LIST_TOKENS,

    /** {@code PUT /api/token/}, the full replace. */
    PUT_TOKEN,

    /** {@code PUT /api/token/?status_only=...}. */
    PUT_STATUS_ONLY,

    /** {@code POST /api/token/}: a create, answered without the new token's id. */
    CREATE_TOKEN,

    /** {@code DELETE /api/token/{id}}. */
    DELETE_TOKEN,

    /** Any call to {@code /api/token} without the trailing slash (answered with a redirect). */
    NO_TRAILING_SLASH,

    /** Anything else (answered 404). */
    OTHER;

    private static final String TOKENS = "/api/token/";

    static Route of(String method, String path, Map<String, String> query) {
        if (path.equals("/api/token")) {
            return NO_TRAILING_SLASH;
        }
        if (!path.startsWith(TOKENS)) {
            return OTHER;
        }
        boolean collection = path.length() == TOKENS.length();
        boolean single = !collection && path.indexOf('/', TOKENS.length()) < 0;
        if (method.equals("GET")) {
            return collection ? LIST_TOKENS : single ? GET_TOKEN : OTHER;
        }
        if (method.equals("PUT") && collection) {
            return query.getOrDefault("status_only", "").isEmpty() ? PUT_TOKEN : PUT_STATUS_ONLY;
        }
        if (method.equals("POST") && collection) {
            return CREATE_TOKEN;
        }
        if (method.equals("DELETE") && single) {
            return DELETE_TOKEN;
        }
        return OTHER;
    }

    /** Whether a call on this route writes a token (a full or status-only PUT). */
    boolean writes() {
        return this == PUT_TOKEN || this == PUT_STATUS_ONLY;
    }
}
