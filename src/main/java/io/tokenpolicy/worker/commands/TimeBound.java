package io.tokenpolicy.worker.commands;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * One end of the time range of a replay, as {@code --since} and {@code --until} take it: an instant, or a duration
 * before now. Spring binds it through {@link #valueOf}.
 */
record TimeBound(Instant at, Duration ago) {

    static final String FORM = "an instant like 2026-11-27T03:00:00Z or a duration before now like PT2H";

    public static TimeBound valueOf(String text) {
        try {
            return text.startsWith("P") || text.startsWith("p")
                    ? new TimeBound(null, Duration.parse(text))
                    : new TimeBound(Instant.parse(text), null);
        } catch (DateTimeException malformed) {
            throw new IllegalArgumentException("must be " + FORM + ", was " + text, malformed);
        }
    }

    Instant instant(Clock clock) {
        return at != null ? at : clock.instant().minus(ago);
    }
}
