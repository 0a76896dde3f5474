package io.tokenpolicy.worker.policy;

/**
 * A business or security event about one token. Sealed, and visited rather than
 * switched on, so that a new event type does not compile until every handler knows it.
 */
public sealed interface TokenEvent permits TopUp, SecurityIncident, IpRestriction {

    EventEnvelope envelope();

    <R> R accept(Visitor<R> visitor);

    /** One method per event type. */
    interface Visitor<R> {
        R topUp(TopUp event);

        R securityIncident(SecurityIncident event);

        R ipRestriction(IpRestriction event);
    }
}
