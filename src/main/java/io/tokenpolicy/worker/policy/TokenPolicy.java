package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Maps each event to the token change it calls for, by the configured rules. Pure: no I/O, no
 * framework, and the time comes in as a value, so every rule can be tested by calling it.
 */
public final class TokenPolicy {

    private final EventRules rules;
    private final Quota quota;

    /** The policy of {@code rules} for a gateway at new-api's default quota maximum. */
    public TokenPolicy(EventRules rules) {
        this(rules, Quota.DEFAULT);
    }

    /** The policy of {@code rules} for a gateway whose quota maximum is {@code quota}'s. */
    public TokenPolicy(EventRules rules, Quota quota) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.quota = Objects.requireNonNull(quota, "quota");
    }

    /** The change {@code event} calls for, judged at {@code now} (for expiries). */
    public TokenChange changeFor(TokenEvent event, Instant now) {
        return rules.changeFor(event, now);
    }

    /**
     * What {@code change} comes to for {@code token} ({@code held}: whether a security hold keeps it disabled), within
     * the gateway's quota maximum: a change that would raise the quota above it is refused.
     */
    public Decision decide(TokenChange change, TokenState token, boolean held) {
        return quota.bound(change.applyTo(token, held), token);
    }
}
