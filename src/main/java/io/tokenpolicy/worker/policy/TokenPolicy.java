package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Maps each event to the token change it calls for, by the configured rules. Pure: no I/O, no
 * framework, and the time comes in as a value, so every rule can be tested by calling it.
 */
public final class TokenPolicy {

    private final EventRules rules;

    public TokenPolicy(EventRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** The change {@code event} calls for, judged at {@code now} (for expiries). */
    public TokenChange changeFor(TokenEvent event, Instant now) {
        return rules.changeFor(event, now);
    }
}
