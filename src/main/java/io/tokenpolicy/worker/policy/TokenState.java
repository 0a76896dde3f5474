package io.tokenpolicy.worker.policy;

import java.util.Objects;

/**
 * The fields of a gateway token that the policy reads and changes. Everything else the
 * gateway stores stays with the adapter, which writes it back untouched.
 */
public record TokenState(long id, TokenStatus status, long remainQuota, boolean unlimitedQuota,
                         AllowIps allowIps) {

    public TokenState {
        if (id <= 0) {
            throw new IllegalArgumentException("token id must be positive, was " + id);
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(allowIps, "allowIps");
    }

    public TokenState withStatus(TokenStatus newStatus) {
        return new TokenState(id, newStatus, remainQuota, unlimitedQuota, allowIps);
    }

    public TokenState withRemainQuota(long newRemainQuota) {
        return new TokenState(id, status, newRemainQuota, unlimitedQuota, allowIps);
    }

    public TokenState withAllowIps(AllowIps newAllowIps) {
        return new TokenState(id, status, remainQuota, unlimitedQuota, newAllowIps);
    }
}
