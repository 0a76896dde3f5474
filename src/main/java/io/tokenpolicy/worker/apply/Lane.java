package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.util.List;

/**
 * Which of the worker's two jobs a piece of work is for. A leaked key must be disabled within
 * seconds, however long the billing backlog ahead of it, so security work goes first wherever the
 * two lanes share something scarce: the threads that apply events, the gateway's rate limit and the
 * call slots. An event's lane follows from its type: every {@code security.*} type, the catalogue's
 * and the operators' own, is urgent.
 */
public enum Lane {
    /** Incidents, restrictions and their resolutions: a disable cannot wait behind top-ups. */
    SECURITY,
    /** Top-ups, quota, plans and expiry: everything else. */
    BILLING;

    /** The lane of an event type. */
    public static Lane of(String eventType) {
        return Catalogue.isSecurity(eventType) ? SECURITY : BILLING;
    }

    /** The lane of events applied together: security when any of them is urgent. */
    static Lane of(List<TokenEvent> events) {
        return events.stream().anyMatch(event -> of(event.envelope().type()) == SECURITY) ? SECURITY : BILLING;
    }
}
