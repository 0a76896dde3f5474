package io.tokenpolicy.worker.policy;

import java.util.Arrays;

/** A token's status as the gateway stores it; the numbers are the gateway's own codes. */
public enum TokenStatus {
    ENABLED(1), DISABLED(2), EXPIRED(3), EXHAUSTED(4);

    private final int code;

    TokenStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static TokenStatus ofCode(int code) {
        return Arrays.stream(values())
                .filter(status -> status.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown token status " + code));
    }
}
