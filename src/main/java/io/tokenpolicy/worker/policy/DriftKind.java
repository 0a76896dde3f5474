package io.tokenpolicy.worker.policy;

import java.util.Locale;

/** What a difference between the gateway's token and the policy's view of it is; its name is the metric's tag. */
public enum DriftKind {
    /** The policy disabled the token (for security, or for billing) and it is enabled again. */
    RE_ENABLED,
    /** The token admits addresses its decided allow_ips do not. */
    ALLOW_IPS_WIDER,
    /** The token admits models its decided whitelist does not. */
    MODELS_WIDER,
    /** The funded total (remain_quota + used_quota) is not the one the worker's quota writes left. */
    FUNDED_TOTAL_DIFFERS,
    /** The token expires later than decided, or never. */
    EXPIRY_LATER,
    /** The token routes through another group than decided. */
    GROUP_DIFFERS,
    /** The gateway no longer has a token the policy decided for. */
    TOKEN_DELETED;

    /** The kind as topics, metrics and logs name it: {@code re_enabled}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
