package io.tokenpolicy.worker.ops;

import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.util.Set;

/**
 * The event types a tag may name: the catalogue's. A type arrives in the event, from outside: an unknown one is
 * tagged {@code other} so that a producer sending random types cannot create series without end.
 */
final class EventTypes {

    private static final Set<String> KNOWN = Catalogue.types();

    private EventTypes() {}

    static String tagOf(String type) {
        if (type == null) {
            return "unknown";
        }
        return KNOWN.contains(type) ? type : "other";
    }
}
