package io.tokenpolicy.worker.ops;

import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The event types a tag may name: the catalogue's. A type arrives in the event, from outside: an unknown one is
 * tagged {@code other} so that a producer sending random types cannot create series without end.
 */
final class EventTypes {

    private static final Set<String> KNOWN = Catalogue.types();
    private static final String OTHER = "other";
    private static final String UNKNOWN = "unknown";

    private EventTypes() {}

    static String tagOf(String type) {
        if (type == null) {
            return UNKNOWN;
        }
        return KNOWN.contains(type) ? type : OTHER;
    }

    /** Every tag {@link #tagOf} gives. */
    static Stream<String> tags() {
        return Stream.concat(KNOWN.stream().sorted(), Stream.of(OTHER, UNKNOWN));
    }
}
