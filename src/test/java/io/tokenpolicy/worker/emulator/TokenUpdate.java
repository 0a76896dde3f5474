package io.tokenpolicy.worker.emulator;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a PUT (or a create's POST), read the way Go's JSON binding reads it into the server's token struct:
 * unknown fields ignored, missing or null fields zero, a value of the wrong type an error. A field the profile's
 * server does not have ({@code group} on one-api) is {@code null}: the stored value stays.
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
        ServerProfile profile) {

    /** Quota units per USD at the server's default {@code QuotaPerUnit}. */
    static final long DEFAULT_QUOTA_PER_UNIT = 500_000;

    /** The quota maximum is {@code 1e9 × QuotaPerUnit}. */
    static final long MAX_QUOTA_IN_UNITS = 1_000_000_000L;

    /** The quota maximum at the default {@code QuotaPerUnit}: 5e14. */
    static final long MAX_QUOTA = MAX_QUOTA_IN_UNITS * DEFAULT_QUOTA_PER_UNIT;

    /** The most {@code auto_groups} a newer server takes (the emulator's choice: the server bounds the count). */
    static final int MAX_AUTO_GROUPS = 10;

    static TokenUpdate parse(String body) {
        return parse(body, ServerProfile.NEW_API_2026_04);
    }

    /** The body as the profile's server reads it; one-api has no enabled flag: a non-empty list restricts. */
    static TokenUpdate parse(String body, ServerProfile profile) {
        EmulatedDialect dialect = profile.dialect();
        JsonFields fields = JsonFields.of(body);
        String models = fields.text(dialect.modelsField());
        dialect.checkModels(models);
        boolean enabled = dialect == EmulatedDialect.ONE_API ? !models.isEmpty() : fields.bool("model_limits_enabled");
        String group = profile.hasGroup() ? fields.text("group") : null;
        boolean crossGroupOff = profile.forcesCrossGroupRetryOffOutsideAuto() && !"auto".equals(group);
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
                group,
                fields.bool("cross_group_retry") && !crossGroupOff,
                profile.hasAutoGroups() && fields.has("auto_groups") ? fields.texts("auto_groups") : null,
                profile);
    }

    /** The checks the server makes before it looks the token up, in its order. */
    void checkLimits(long maxQuota) {
        if (name.getBytes(StandardCharsets.UTF_8).length > profile.dialect().maxNameBytes()) {
            throw EmulatedRefusal.NAME_TOO_LONG.answered(profile);
        }
        if (!profile.boundsQuota() || unlimitedQuota) {
            return;
        }
        if (remainQuota < 0) {
            throw EmulatedRefusal.NEGATIVE_QUOTA.answered(profile);
        }
        if (remainQuota > maxQuota) {
            throw EmulatedRefusal.QUOTA_OUT_OF_RANGE.answered(profile, Long.toString(maxQuota));
        }
    }

    /**
     * A newer server's check of a sent {@code auto_groups}: count, duplicates, every group selectable by the user
     * ({@code selectable} empty: every group is).
     */
    void checkAutoGroups(Optional<Set<String>> selectable) {
        if (!profile.validatesAutoGroups() || autoGroups == null) {
            return;
        }
        if (autoGroups.size() > MAX_AUTO_GROUPS) {
            throw ApiFailure.business("Too many auto groups: at most " + MAX_AUTO_GROUPS);
        }
        Set<String> seen = new HashSet<>();
        for (String autoGroup : autoGroups) {
            if (!seen.add(autoGroup)) {
                throw ApiFailure.business("Duplicate auto group: " + autoGroup);
            }
            if (selectable.isPresent() && !selectable.get().contains(autoGroup)) {
                throw ApiFailure.business("Auto group is not selectable by the user: " + autoGroup);
            }
        }
    }

    /** The server's refusal to re-enable an expired or exhausted token, judged on the stored state. */
    void checkReEnable(EmulatedToken stored, long now) {
        if (status != EmulatedToken.ENABLED) {
            return;
        }
        if (stored.status() == EmulatedToken.EXPIRED && stored.expiredTime() != -1 && stored.expiredTime() < now) {
            throw EmulatedRefusal.EXPIRED_RE_ENABLE.answered(profile);
        }
        if (stored.status() == EmulatedToken.EXHAUSTED && stored.remainQuota() <= 0 && !stored.unlimitedQuota()) {
            throw EmulatedRefusal.EXHAUSTED_RE_ENABLE.answered(profile);
        }
    }

    /**
     * The full replace: exactly the writable fields, each from the body or zero; but {@code auto_groups}, which newer
     * servers keep when the body omits it (docs/operations.md, "The gateway's token API"), and the fields the server
     * does not have.
     */
    EmulatedToken replace(EmulatedToken stored) {
        return written(stored.toBuilder())
                .group(group == null ? stored.group() : group)
                .crossGroupRetry(group == null ? stored.crossGroupRetry() : crossGroupRetry)
                .autoGroups(autoGroups == null ? stored.autoGroups() : autoGroups)
                .build();
    }

    EmulatedToken replaceStatus(EmulatedToken stored) {
        return stored.toBuilder().status(Math.toIntExact(status)).build();
    }

    /** The token a create makes of the body: enabled, owned by the caller, with no id and no key yet. */
    EmulatedToken created(long userId, long now) {
        return written(EmulatedToken.forUser(userId).createdTime(now).accessedTime(now))
                .status(EmulatedToken.ENABLED)
                .group(group == null ? "" : group)
                .crossGroupRetry(crossGroupRetry)
                .autoGroups(autoGroups == null ? List.of() : autoGroups)
                .build();
    }

    private EmulatedToken.Builder written(EmulatedToken.Builder token) {
        return token.name(name)
                .expiredTime(expiredTime)
                .remainQuota(remainQuota)
                .unlimitedQuota(unlimitedQuota)
                .modelLimitsEnabled(modelLimitsEnabled)
                .modelLimits(modelLimits)
                .allowIps(allowIps);
    }
}
