package io.tokenpolicy.worker.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The policy's view of one token: what it last decided for the fields it owns, and the funded total
 * ({@code remain_quota + used_quota}) it expects from the quota writes it made. A field the policy never decided is
 * empty: the gateway's value is nobody's business but its owner's. Compared with the token the gateway holds, it
 * tells what was changed behind the worker's back ({@link Drift}).
 *
 * @param status the status last decided, and why
 * @param allowIps the allow_ips last decided (a narrowing still waiting to be written included)
 * @param modelLimits the model whitelist last decided (likewise)
 * @param expiredTime the expiry last decided, in unix seconds
 * @param group the group last decided
 * @param fundedTotal the funded total after the worker's last quota write; empty for an unlimited token
 */
public record PolicyView(
        Optional<DecidedStatus> status,
        Optional<AllowIps> allowIps,
        Optional<ModelLimits> modelLimits,
        OptionalLong expiredTime,
        Optional<String> group,
        OptionalLong fundedTotal) {

    /** Nothing decided yet. */
    public static final PolicyView NONE = new PolicyView(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty(),
            OptionalLong.empty());

    /**
     * A decided status and why.
     *
     * @param why the event type and reason of the decision
     * @param security whether one of the worker's security stops keeps the token off (a hold, a narrowing waiting,
     *     no model left): only such a stop is enforced again when it is found lifted
     */
    public record DecidedStatus(TokenStatus status, String why, boolean security) {

        public DecidedStatus {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(why, "why");
        }
    }

    public PolicyView {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(allowIps, "allowIps");
        Objects.requireNonNull(modelLimits, "modelLimits");
        Objects.requireNonNull(expiredTime, "expiredTime");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(fundedTotal, "fundedTotal");
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    public PolicyView withStatus(DecidedStatus decided) {
        return new PolicyView(Optional.of(decided), allowIps, modelLimits, expiredTime, group, fundedTotal);
    }

    public PolicyView withAllowIps(AllowIps decided) {
        return new PolicyView(status, Optional.of(decided), modelLimits, expiredTime, group, fundedTotal);
    }

    public PolicyView withModelLimits(ModelLimits decided) {
        return new PolicyView(status, allowIps, Optional.of(decided), expiredTime, group, fundedTotal);
    }

    public PolicyView withExpiredTime(long decided) {
        return new PolicyView(status, allowIps, modelLimits, OptionalLong.of(decided), group, fundedTotal);
    }

    public PolicyView withGroup(String decided) {
        return new PolicyView(status, allowIps, modelLimits, expiredTime, Optional.of(decided), fundedTotal);
    }

    public PolicyView withFundedTotal(OptionalLong expected) {
        return new PolicyView(status, allowIps, modelLimits, expiredTime, group, expected);
    }
}
