package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;

/**
 * The gateway's token API as the pipeline needs it. Implementations throw
 * {@link TransientGatewayException} for what may pass on retry and
 * {@link PermanentGatewayException} for what never will.
 */
public interface TokenGateway {

    /** Whether credentials are configured for this gateway user. */
    boolean canActFor(long userId);

    StoredToken read(long userId, long tokenId);

    /** Writes every field of {@code desired} that differs from {@code current}, keeping all others as read. */
    StoredToken replace(StoredToken current, TokenState desired);

    StoredToken changeStatus(StoredToken current, TokenStatus status);
}
