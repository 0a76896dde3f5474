package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * The one rule for a token the gateway stopped for want of quota (exhausted, 4) or time (expired,
 * 3): whether the gateway lets it be switched on, and whether it runs again by itself. The
 * gateway's guard refuses an exhausted token without quota and an expired one whose expiry has
 * passed. A token runs again by itself only when, besides, nothing would stop it at its next
 * call: its expiry lies ahead and it has quota. A disabled (2) token never comes back this way:
 * only an explicit {@link Enable} does that.
 *
 * <p>Events applied together are each decided on the state the events before them left, but only
 * the batch's last state is written: a batch whose last state the gateway would refuse to switch on
 * is decided again with every revival {@linkplain #keptStopped kept stopped} (docs/design.md).
 */
public final class Revival {

    private Revival() {}

    /** Why the gateway would refuse to switch {@code token} on, if it would. */
    public static Optional<String> gatewayRefusal(TokenState token, Instant now) {
        if (token.status() == TokenStatus.EXPIRED && token.expiredAt(now)) {
            return Optional.of(
                    "token expired at " + token.expiredTime() + " and cannot be enabled; set a later expiry first");
        }
        if (token.status() == TokenStatus.EXHAUSTED && token.remainQuota() <= 0) {
            return Optional.of("token has no quota left and cannot be enabled; raise its quota first");
        }
        return Optional.empty();
    }

    static boolean canRevive(TokenState token, Instant now) {
        boolean stopped = token.status() == TokenStatus.EXHAUSTED || token.status() == TokenStatus.EXPIRED;
        return stopped && gatewayRefusal(token, now).isEmpty() && !token.expiredAt(now) && token.hasQuota();
    }

    /** {@code token}, enabled when its stop reason is gone; the reason says so. */
    static Decision apply(TokenState token, Instant now, String reason) {
        return canRevive(token, now) ? reEnabled(token, reason) : new Decision.Apply(token, reason);
    }

    /**
     * {@code token} raised by a top-up, which lifts only a stop for want of quota: an exhausted token
     * is enabled unless its expiry has passed; an expired one stays so. Whether the quota is enough
     * for the gateway is judged on the token written after the last change of its batch (a negative
     * quota is never written), so that of top-ups that together lift a negative quota the first
     * re-enables the token.
     */
    static Decision afterTopUp(TokenState token, Instant now, String reason) {
        boolean mayRun = token.status() == TokenStatus.EXHAUSTED && !token.expiredAt(now);
        return mayRun ? reEnabled(token, reason) : new Decision.Apply(token, reason);
    }

    /** {@code token} as a top-up that landed before left it: an exhausted token runs again if it may. */
    static Decision afterLandedTopUp(TokenState token, Instant now, String reason) {
        boolean mayRun = token.status() == TokenStatus.EXHAUSTED && canRevive(token, now);
        return mayRun ? reEnabled(token, reason) : new Decision.Apply(token, reason);
    }

    /**
     * {@code revived}, a decision that switched on {@code before} (stopped: exhausted or expired), with the token left
     * as stopped as it was, because the gateway would refuse to switch on the token its batch writes, for the reason
     * {@code refusal}. Its other changes stay; the reason says the re-enable was not made, and why.
     */
    public static Decision.Apply keptStopped(TokenState before, Decision.Apply revived, String refusal) {
        String reason = revived.reason();
        String suffix = reEnabledSuffix(before);
        if (reason.endsWith(suffix)) {
            reason = reason.substring(0, reason.length() - suffix.length());
        }
        return new Decision.Apply(
                revived.after().withStatus(before.status()),
                reason + "; token left " + was(before) + ", not re-enabled: its batch ends where the gateway"
                        + " would refuse to switch it on (" + refusal + ")");
    }

    /** Whether {@code before} is stopped by the gateway (exhausted or expired) and {@code after} switches it on. */
    public static boolean revives(TokenState before, TokenState after) {
        boolean stopped = before.status() == TokenStatus.EXHAUSTED || before.status() == TokenStatus.EXPIRED;
        return stopped && after.status() == TokenStatus.ENABLED;
    }

    private static Decision reEnabled(TokenState token, String reason) {
        return new Decision.Apply(token.withStatus(TokenStatus.ENABLED), reason + reEnabledSuffix(token));
    }

    private static String reEnabledSuffix(TokenState token) {
        return "; " + was(token) + " token re-enabled";
    }

    private static String was(TokenState token) {
        return token.status() == TokenStatus.EXHAUSTED ? "exhausted" : "expired";
    }
}
