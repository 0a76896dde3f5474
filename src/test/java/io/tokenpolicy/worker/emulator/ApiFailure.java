package io.tokenpolicy.worker.emulator;

/** A refused call: the HTTP status, the message and, on newer servers' 401s, the {@code code} of the answer. */
final class ApiFailure extends RuntimeException {

    private final int httpStatus;

    private final String code;

    private ApiFailure(int httpStatus, String message, String code) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    /** A business error: the real server answers these with HTTP 200. */
    static ApiFailure business(String message) {
        return new ApiFailure(200, message, null);
    }

    static ApiFailure unauthorized(String message) {
        return new ApiFailure(401, message, null);
    }

    /** A newer server's refusal of the caller: 401 with {@code "code":"AUTH_UNAUTHORIZED"}. */
    static ApiFailure unauthorizedWithCode(String message) {
        return new ApiFailure(401, message, ServerProfile.AUTH_UNAUTHORIZED);
    }

    static ApiFailure recordNotFound() {
        return EmulatedRefusal.NOT_FOUND.answeredByAny("");
    }

    int httpStatus() {
        return httpStatus;
    }

    /** The answer's {@code code}, or {@code null} when it has none. */
    String code() {
        return code;
    }
}
