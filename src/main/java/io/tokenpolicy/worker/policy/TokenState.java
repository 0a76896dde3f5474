package io.tokenpolicy.worker.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * The fields of a gateway token that the policy reads and changes. Everything else the
 * gateway stores stays with the adapter, which writes it back untouched.
 *
 * @param expiredTime unix seconds, {@link #NEVER} when the token never expires
 * @param group       the gateway group the token routes through ("" = the user's group)
 */
public record TokenState(
        long id,
        TokenStatus status,
        long remainQuota,
        boolean unlimitedQuota,
        AllowIps allowIps,
        long expiredTime,
        ModelLimits modelLimits,
        String group) {

    /** The gateway's {@code expired_time} of a token that never expires. */
    public static final long NEVER = -1;

    public TokenState {
        if (id <= 0) {
            throw new IllegalArgumentException("token id must be positive, was " + id);
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(allowIps, "allowIps");
        Objects.requireNonNull(modelLimits, "modelLimits");
        Objects.requireNonNull(group, "group");
    }

    /** A token that never expires, without model limits, in the user's group. */
    public TokenState(long id, TokenStatus status, long remainQuota, boolean unlimitedQuota, AllowIps allowIps) {
        this(id, status, remainQuota, unlimitedQuota, allowIps, NEVER, ModelLimits.NONE, "");
    }

    /** Whether the expiry has passed at {@code now}, as the gateway's re-enable guard judges it. */
    public boolean expiredAt(Instant now) {
        return expiredTime != NEVER && expiredTime < now.getEpochSecond();
    }

    /** Whether the gateway lets calls through on quota: unlimited, or some left. */
    public boolean hasQuota() {
        return unlimitedQuota || remainQuota > 0;
    }

    public TokenState withStatus(TokenStatus newStatus) {
        return new TokenState(id, newStatus, remainQuota, unlimitedQuota, allowIps, expiredTime, modelLimits, group);
    }

    public TokenState withRemainQuota(long newRemainQuota) {
        return new TokenState(id, status, newRemainQuota, unlimitedQuota, allowIps, expiredTime, modelLimits, group);
    }

    public TokenState withUnlimitedQuota(boolean unlimited) {
        return new TokenState(id, status, remainQuota, unlimited, allowIps, expiredTime, modelLimits, group);
    }

    public TokenState withAllowIps(AllowIps newAllowIps) {
        return new TokenState(id, status, remainQuota, unlimitedQuota, newAllowIps, expiredTime, modelLimits, group);
    }

    public TokenState withExpiredTime(long newExpiredTime) {
        return new TokenState(id, status, remainQuota, unlimitedQuota, allowIps, newExpiredTime, modelLimits, group);
    }

    public TokenState withModelLimits(ModelLimits newModelLimits) {
        return new TokenState(id, status, remainQuota, unlimitedQuota, allowIps, expiredTime, newModelLimits, group);
    }

    public TokenState withGroup(String newGroup) {
        return new TokenState(id, status, remainQuota, unlimitedQuota, allowIps, expiredTime, modelLimits, newGroup);
    }
}
