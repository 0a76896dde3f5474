package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;

/**
 * Brings a token from its stored state to the desired one in the calls the gateway needs:
 * the full PUT ignores {@code status}, so a status change is a status-only PUT of its own.
 * Switching a token on comes last, after the quota that its guard checks has been raised;
 * switching it off comes first, so that a security change takes effect as early as possible.
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
            StoredToken before = current;
            current = calls.call(() -> gateway.replace(before, desired));
        }
        if (statusChanges && status == TokenStatus.ENABLED) {
            current = changeStatus(calls, current, status);
        }
        return current;
    }

    private StoredToken changeStatus(GatewayCalls calls, StoredToken current, TokenStatus status) {
        return calls.call(() -> gateway.changeStatus(current, status));
    }

    private static boolean sameFields(TokenState current, TokenState desired) {
        return current.withStatus(desired.status()).equals(desired);
    }
}
