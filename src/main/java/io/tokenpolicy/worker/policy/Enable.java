package io.tokenpolicy.worker.policy;

import java.util.Objects;

/**
 * Lifts a security hold: a disabled token is switched back on only when a security event of the worker's
 * holds it. One that billing, its owner or an admin disabled stays off, and so does one whose hold is older
 * than the worker keeps. A token the gateway stopped for want of time or quota (expired, exhausted) is left
 * to the changes that give it time or quota ({@link Revival}): a re-enable lifts no stop but the security
 * hold, so that it ends in the same token whether it comes before or after billing's changes.
 */
public record Enable(String reason) implements TokenChange {

    static final String NOT_HELD = "token left disabled: not disabled by a security event the worker remembers"
            + " (billing, its owner or an admin disabled it, or the incident is older than"
            + " token-policy.ledger.dedup-window); re-enable it in the gateway by hand if it should run";

    public Enable {
        Objects.requireNonNull(reason, "reason");
    }

    /** Without knowing why a disabled token is off, it stays off. */
    @Override
    public Decision applyTo(TokenState token) {
        return applyTo(token, false);
    }

    @Override
    public Decision applyTo(TokenState token, boolean heldBySecurity) {
        return switch (token.status()) {
            case ENABLED -> new Decision.Apply(token, "token already enabled");
            case DISABLED ->
                heldBySecurity
                        ? new Decision.Apply(token.withStatus(TokenStatus.ENABLED), reason)
                        : new Decision.Apply(token, NOT_HELD);
            case EXPIRED, EXHAUSTED -> new Decision.Apply(token, leftToBilling(token));
        };
    }

    private static String leftToBilling(TokenState token) {
        String stop = token.status() == TokenStatus.EXPIRED ? "expired" : "exhausted";
        return "token left " + stop + ": the gateway stopped it for want of "
                + (token.status() == TokenStatus.EXPIRED ? "time" : "quota")
                + ", which a later expiry or more quota lifts; a re-enable lifts only a security hold";
    }
}
