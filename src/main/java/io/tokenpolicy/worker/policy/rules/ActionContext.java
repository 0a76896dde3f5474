package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.EventData;
import java.time.Instant;

/** What an action knows besides its arguments: the rule, the event, and the time it is applied at. */
record ActionContext(String rule, String eventType, EventData data, Instant now) {

    /** The field whose text {@link #because()} quotes, of any type that has one. */
    static final String REASON = "reason";

    /** Whether a security event asks: only its disable is lifted when the incident is resolved. */
    boolean bySecurity() {
        return Catalogue.isSecurity(eventType);
    }

    /** Why a security-style action is taken: the rule, the type, and the event's own reason when it gives one. */
    String because() {
        String base = eventType + " (rule " + rule + ")";
        return data.get(REASON)
                .filter(String.class::isInstance)
                .map(reason -> base + ": " + reason)
                .orElse(base);
    }
}
