package io.tokenpolicy.worker.emulator;

/** A refused call: the HTTP status and the message of the {@code success:false} answer. */
final class ApiFailure extends RuntimeException {

    private final int httpStatus;

    private ApiFailure(int httpStatus, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
    }

    /** A business error: the real server answers these with HTTP 200. */
    static ApiFailure business(String message) {
        return new ApiFailure(200, message);
    }

    static ApiFailure unauthorized(String message) {
        return new ApiFailure(401, message);
    }

    static ApiFailure recordNotFound() {
        return business("record not found");
    }

    int httpStatus() {
        return httpStatus;
    }
}
