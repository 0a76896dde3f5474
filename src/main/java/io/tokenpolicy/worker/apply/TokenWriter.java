package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.util.Optional;

/**
 * Brings a token from its stored state to the desired one in the calls the gateway needs:
 * the full PUT ignores {@code status}, so a status change is a status-only PUT of its own.
 * Switching a token on comes last, after the quota that its guard checks has been raised;
 * switching it off comes first, so that a security change takes effect as early as possible.
 * A full PUT the gateway refuses for good ends in {@link FieldsRefused}, with the token as it then is.
 */
final class TokenWriter {

    private final TokenGateway gateway;

    TokenWriter(TokenGateway gateway) {
        this.gateway = gateway;
    }

    StoredToken write(GatewayCalls calls, StoredToken stored, TokenState desired) {
        TokenStatus status = desired.status();
        boolean statusChanges = stored.state().status() != status;
        StoredToken current = stored;
        if (statusChanges && status != TokenStatus.ENABLED) {
            current = changeStatus(calls, current, status);
        }
        if (!sameFields(current.state(), desired)) {
            current = offAgainIfSwitchedOn(calls, replace(calls, current, desired), status);
        }
        if (statusChanges && status == TokenStatus.ENABLED) {
            current = changeStatus(calls, current, status);
        }
        return current;
    }

    /**
     * Why the gateway would refuse to store {@code desired}'s fields, if it is known before asking: a full
     * PUT carries the quota, and the gateway refuses a negative one, which usage can leave behind.
     */
    static Optional<String> unwritable(TokenState stored, TokenState desired) {
        if (sameFields(stored, desired) || desired.unlimitedQuota() || desired.remainQuota() >= 0) {
            return Optional.empty();
        }
        return Optional.of(Outcome.WOULD_BE_REFUSED + "a full PUT would carry remain_quota " + desired.remainQuota()
                + " (usage settled below 0), and the gateway refuses a negative quota; writing 0 instead would grant"
                + " quota nobody paid for");
    }

    /** Whether the two differ in nothing but their status, which the full PUT does not write. */
    static boolean sameFields(TokenState current, TokenState desired) {
        return current.withStatus(desired.status()).equals(desired);
    }

    private StoredToken replace(GatewayCalls calls, StoredToken current, TokenState desired) {
        try {
            return calls.call(() -> gateway.replace(current, desired));
        } catch (PermanentGatewayException refused) {
            throw new FieldsRefused(current, Outcome.REFUSED_BY_GATEWAY + refused.getMessage());
        }
    }

    /**
     * Some forks switch a token on when an update raises its quota (docs/operations.md, "The gateway's token API"): the full PUT's
     * answer says so. A token meant to be disabled is switched off again at once.
     */
    StoredToken offAgainIfSwitchedOn(GatewayCalls calls, StoredToken written, TokenStatus intended) {
        if (intended == TokenStatus.DISABLED && written.state().status() != TokenStatus.DISABLED) {
            return changeStatus(calls, written, TokenStatus.DISABLED);
        }
        return written;
    }

    /** The token switched off, the first write of a run that switches it on by way of a disable. */
    StoredToken switchOff(GatewayCalls calls, StoredToken stored) {
        return changeStatus(calls, stored, TokenStatus.DISABLED);
    }

    private StoredToken changeStatus(GatewayCalls calls, StoredToken current, TokenStatus status) {
        return calls.call(() -> gateway.changeStatus(current, status));
    }
}
