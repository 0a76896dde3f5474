package io.tokenpolicy.worker.policy;

import java.time.Instant;

/**
 * When a token that the gateway stopped for want of quota or time may run again: exhausted
 * (4) with quota left and not expired, or expired (3) with a later expiry and quota. A
 * disabled (2) token never comes back this way: only an explicit enable does that.
 */
final class Revival {

    private Revival() {
    }

    static boolean canRevive(TokenState token, Instant now) {
        if (token.expiredAt(now)) {
            return false;
        }
        return switch (token.status()) {
            case EXHAUSTED -> token.remainQuota() > 0;
            case EXPIRED -> token.hasQuota();
            default -> false;
        };
    }

    /** {@code token}, enabled when its stop reason is gone; the reason says so. */
    static Decision apply(TokenState token, Instant now, String reason) {
        if (canRevive(token, now)) {
            String was = token.status() == TokenStatus.EXHAUSTED ? "exhausted" : "expired";
            return new Decision.Apply(token.withStatus(TokenStatus.ENABLED), reason + "; " + was + " token re-enabled");
        }
        return new Decision.Apply(token, reason);
    }
}
