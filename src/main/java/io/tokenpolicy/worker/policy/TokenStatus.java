package io.tokenpolicy.worker.policy;

import java.util.Optional;

/** A token's status as the gateway stores it; the numbers are the gateway's own codes. */
public enum TokenStatus {
    ENABLED(1),
    DISABLED(2),
    EXPIRED(3),
    EXHAUSTED(4);

    private static final TokenStatus[] VALUES = values();

    private final int code;

    TokenStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status with this code, or empty for a code only some fork knows. */
    public static Optional<TokenStatus> ofCode(int code) {
        for (TokenStatus status : VALUES) {
            if (status.code == code) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
