package io.tokenpolicy.worker.ops;

import java.util.Set;

/**
 * The event types a tag may name. A type arrives in the event, from outside: an unknown one is
 * tagged {@code other} so that a producer sending random types cannot create series without end.
 */
final class EventTypes {

    private static final Set<String> KNOWN = Set.of(
            "billing.topup", "billing.refund", "billing.quota_reset", "billing.plan_changed",
            "billing.subscription_ended", "security.incident", "security.ip_restriction",
            "security.model_restriction", "security.incident_resolved", "token.expiry_set");

    private EventTypes() {
    }

    static String tagOf(String type) {
        if (type == null) {
            return "unknown";
        }
        return KNOWN.contains(type) ? type : "other";
    }
}
