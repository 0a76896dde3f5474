package io.tokenpolicy.worker.policy;

import java.util.Objects;

/**
 * A business or security event about one token: its envelope (with its type) and its
 * {@code data} fields, checked against the type's schema. Every type, the catalogue's and the
 * operators' own, has this one form, and the policy's rules see each the same way.
 *
 * @param data the event's {@code data} fields other than {@code token_id} and {@code user_id}
 */
public record TokenEvent(EventEnvelope envelope, EventData data) {

    public TokenEvent {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(data, "data");
    }
}
