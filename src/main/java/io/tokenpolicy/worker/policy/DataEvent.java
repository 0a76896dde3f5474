package io.tokenpolicy.worker.policy;

import java.util.Objects;

/**
 * An event of any type other than the three with records of their own: the other types of the
 * catalogue and the operators' own types. Its data has been checked against the type's schema.
 */
public record DataEvent(EventEnvelope envelope, EventData data) implements TokenEvent {

    public DataEvent {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(data, "data");
    }
}
