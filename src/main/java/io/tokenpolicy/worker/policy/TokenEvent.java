package io.tokenpolicy.worker.policy;

/**
 * A business or security event about one token. The policy's rules see every event the same
 * way: its type (in the envelope) and its {@link #data()} fields.
 */
public sealed interface TokenEvent permits TopUp, SecurityIncident, IpRestriction, DataEvent {

    EventEnvelope envelope();

    /** The event's {@code data} fields other than {@code token_id} and {@code user_id}. */
    EventData data();
}
