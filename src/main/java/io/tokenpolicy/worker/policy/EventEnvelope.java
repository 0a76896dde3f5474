package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * What every event carries: its idempotency key, its CloudEvents type and time, and the
 * token it is about together with the gateway user that owns the token.
 */
public record EventEnvelope(String id, String type, Instant time, long tokenId, long userId) {

    public static final int MAX_ID_LENGTH = 256;

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("id must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        if (tokenId <= 0) {
            throw new IllegalArgumentException("token_id must be positive");
        }
        if (userId <= 0) {
            throw new IllegalArgumentException("user_id must be positive");
        }
    }
}
