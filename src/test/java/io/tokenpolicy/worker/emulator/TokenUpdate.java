package io.tokenpolicy.worker.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of a PUT, read the way Go's JSON binding reads it into the server's token struct:
 * unknown fields ignored, missing or null fields zero, a value of the wrong type an error.
 */
record TokenUpdate(long id, long status, String name, long expiredTime, long remainQuota, boolean unlimitedQuota,
        boolean modelLimitsEnabled, String modelLimits, String allowIps, String group, boolean crossGroupRetry,
        List<String> autoGroups) {

    static final long MAX_QUOTA = 500_000_000_000_000L;

    private static final int MAX_NAME_BYTES = 50;

    static TokenUpdate parse(String body) {
        JsonFields fields = JsonFields.of(body);
        return new TokenUpdate(fields.integer("id"), fields.integer("status"), fields.text("name"),
                fields.integer("expired_time"), fields.integer("remain_quota"), fields.bool("unlimited_quota"),
                fields.bool("model_limits_enabled"), fields.text("model_limits"), fields.nullableText("allow_ips"),
                fields.text("group"), fields.bool("cross_group_retry"), fields.texts("auto_groups"));
    }

    /** The checks the server makes before it looks the token up, in its order. */
    void checkLimits() {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw ApiFailure.business("Token name is too long");
        }
        if (!unlimitedQuota && remainQuota < 0) {
            throw ApiFailure.business("Quota value cannot be negative");
        }
        if (!unlimitedQuota && remainQuota > MAX_QUOTA) {
            throw ApiFailure.business("Quota value is out of the valid range");
        }
    }

    /** The server's refusal to re-enable an expired or exhausted token, judged on the stored state. */
    void checkReEnable(EmulatedToken stored, long now) {
        if (status != EmulatedToken.ENABLED) {
            return;
        }
        if (stored.status() == EmulatedToken.EXPIRED && stored.expiredTime() != -1 && stored.expiredTime() < now) {
            throw ApiFailure.business("The token has expired and cannot be enabled; change its expiry first");
        }
        if (stored.status() == EmulatedToken.EXHAUSTED && stored.remainQuota() <= 0 && !stored.unlimitedQuota()) {
            throw ApiFailure.business("The token's quota is used up and it cannot be enabled; raise its quota first");
        }
    }

    /** The full replace: exactly the writable fields, each from the body or zero. */
    EmulatedToken replace(EmulatedToken stored) {
        return stored.toBuilder()
            .name(name)
            .expiredTime(expiredTime)
            .remainQuota(remainQuota)
            .unlimitedQuota(unlimitedQuota)
            .modelLimitsEnabled(modelLimitsEnabled)
            .modelLimits(modelLimits)
            .allowIps(AllowIps.normalize(allowIps))
            .group(group)
            .crossGroupRetry(crossGroupRetry)
            .autoGroups(autoGroups)
            .build();
    }

    EmulatedToken replaceStatus(EmulatedToken stored) {
        return stored.toBuilder().status(Math.toIntExact(status)).build();
    }

}
