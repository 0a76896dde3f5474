package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * What every event carries: its identity ({@code source} and {@code id}, unique together as CloudEvents
 * defines them), its CloudEvents type and time, and the token it is about together with the gateway user
 * that owns the token.
 */
public record EventEnvelope(String source, String id, String type, Instant time, long tokenId, long userId) {

    public static final int MAX_ID_LENGTH = 256;

    public EventEnvelope {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (source.isEmpty() || source.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("source must be a non-empty URI reference, without spaces");
        }
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

    /**
     * The idempotency key: {@code source} and {@code id} in one string, {@code "<source> <id>"}. A source is a
     * non-empty URI reference, which holds no space, so the first space tells the two apart, and a key of no
     * source ({@code " <id>"}) names an id recorded before sources counted.
     */
    public String idempotencyKey() {
        return idempotencyKey(source, id);
    }

    /**
     * The idempotency key of {@code id} from {@code source}; an empty source names an id recorded before
     * sources counted.
     */
    public static String idempotencyKey(String source, String id) {
        return source + ' ' + id;
    }

    /** The source an idempotency key names; null for an id recorded before sources counted. */
    public static String sourceOf(String idempotencyKey) {
        int space = idempotencyKey.indexOf(' ');
        return space <= 0 ? null : idempotencyKey.substring(0, space);
    }

    /** The event id an idempotency key names; an id recorded before sources counted is its own. */
    public static String idOf(String idempotencyKey) {
        return idempotencyKey.substring(idempotencyKey.indexOf(' ') + 1);
    }
}
