package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Switches the token back on, as far as the gateway's guards allow ({@link Revival}): a token
 * stored as expired with a past expiry, or as exhausted without quota, cannot be enabled (the
 * gateway refuses), so the change is refused with the reason instead of failing at the gateway.
 * A disabled token is enabled only when a security event of the worker's holds it: one that
 * billing, its owner or an admin disabled stays off, and so does one whose hold is older than
 * the worker keeps.
 */
public record Enable(String reason, Instant now) implements TokenChange {

    static final String NOT_HELD = "token left disabled: not disabled by a security event the worker remembers"
            + " (billing, its owner or an admin disabled it, or the incident is older than"
            + " token-policy.ledger.dedup-window); re-enable it in the gateway by hand if it should run";

    public Enable {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
    }

    /** Without knowing why a disabled token is off, it stays off. */
    @Override
    public Decision applyTo(TokenState token) {
        return applyTo(token, false);
    }

    @Override
    public Decision applyTo(TokenState token, boolean heldBySecurity) {
        if (token.status() == TokenStatus.ENABLED) {
            return new Decision.Apply(token, "token already enabled");
        }
        if (token.status() == TokenStatus.DISABLED && !heldBySecurity) {
            return new Decision.Apply(token, NOT_HELD);
        }
        return Revival.gatewayRefusal(token, now)
                .<Decision>map(Decision.Refuse::new)
                .orElseGet(() -> new Decision.Apply(token.withStatus(TokenStatus.ENABLED), reason));
    }
}
