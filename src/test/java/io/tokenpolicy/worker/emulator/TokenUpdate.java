package io.tokenpolicy.worker.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of a PUT, read the way Go's JSON binding reads it into the server's token struct:
 * unknown fields ignored, missing or null fields zero, a value of the wrong type an error.
 */
record TokenUpdate(
        long id,
        long status,
        String name,
        long expiredTime,
        long remainQuota,
        boolean unlimitedQuota,
        boolean modelLimitsEnabled,
        String modelLimits,
        String allowIps,
        String group,
        boolean crossGroupRetry,
        List<String> autoGroups,
        int maxNameBytes) {

    static final long MAX_QUOTA = 500_000_000_000_000L;

    static TokenUpdate parse(String body) {
        return parse(body, EmulatedDialect.NEW_API);
    }

    /** The body as the dialect's server reads it; one-api has no enabled flag: a non-empty list restricts. */
    static TokenUpdate parse(String body, EmulatedDialect dialect) {
        JsonFields fields = JsonFields.of(body);
        String models = fields.text(dialect.modelsField());
        dialect.checkModels(models);
        boolean enabled = dialect == EmulatedDialect.ONE_API ? !models.isEmpty() : fields.bool("model_limits_enabled");
        return new TokenUpdate(
                fields.integer("id"),
                fields.integer("status"),
                fields.text("name"),
                fields.integer("expired_time"),
                fields.integer("remain_quota"),
                fields.bool("unlimited_quota"),
                enabled,
                models,
                dialect.storedAllowIps(fields.nullableText(dialect.allowIpsField())),
                fields.text("group"),
                fields.bool("cross_group_retry"),
                fields.has("auto_groups") ? fields.texts("auto_groups") : null,
                dialect.maxNameBytes());
    }

    /** The checks the server makes before it looks the token up, in its order. */
    void checkLimits() {
        if (name.getBytes(StandardCharsets.UTF_8).length > maxNameBytes) {
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

    /**
     * The full replace: exactly the writable fields, each from the body or zero; but {@code auto_groups}, which newer
     * servers keep when the body omits it (docs/operations.md, "The gateway's token API").
     */
    EmulatedToken replace(EmulatedToken stored) {
        return stored.toBuilder()
                .name(name)
                .expiredTime(expiredTime)
                .remainQuota(remainQuota)
                .unlimitedQuota(unlimitedQuota)
                .modelLimitsEnabled(modelLimitsEnabled)
                .modelLimits(modelLimits)
                .allowIps(allowIps)
                .group(group)
                .crossGroupRetry(crossGroupRetry)
                .autoGroups(autoGroups == null ? stored.autoGroups() : autoGroups)
                .build();
    }

    EmulatedToken replaceStatus(EmulatedToken stored) {
        return stored.toBuilder().status(Math.toIntExact(status)).build();
    }
}
