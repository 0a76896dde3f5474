package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway that takes the writes of a dry run and only notes them, so that the plan names the
 * very calls the {@link TokenWriter} would make, in its order.
 */
final class PlannedWrites implements TokenGateway {

    private final List<String> calls = new ArrayList<>();

    /** The writes that would bring {@code stored} to {@code desired}; none when they are equal. */
    static List<String> of(StoredToken stored, TokenState desired, GatewayRetry retry) {
        PlannedWrites planned = new PlannedWrites();
        if (!desired.equals(stored.state())) {
            new TokenWriter(planned).write(retry.planning(), stored, stored.state(), desired, new GatewayDiffers());
        }
        return List.copyOf(planned.calls);
    }

    @Override
    public boolean canActFor(long userId) {
        return true;
    }

    @Override
    public StoredToken read(long userId, long tokenId) {
        throw new UnsupportedOperationException("a plan reads nothing more");
    }

    @Override
    public StoredToken replace(StoredToken current, TokenState desired) {
        calls.add("full PUT");
        return new PlannedToken(
                current.userId(), desired.withStatus(current.state().status()), current.usedQuota());
    }

    @Override
    public StoredToken changeStatus(StoredToken current, TokenStatus status) {
        calls.add("status-only PUT (status " + status.code() + ")");
        return new PlannedToken(current.userId(), current.state().withStatus(status), current.usedQuota());
    }

    private record PlannedToken(long userId, TokenState state, long usedQuota) implements StoredToken {}
}
