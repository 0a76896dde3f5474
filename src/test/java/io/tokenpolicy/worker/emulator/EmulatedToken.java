package io.tokenpolicy.worker.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A token as the emulated gateway stores it, with the real key and the used quota, so tests can
 * seed any state the real server can be in and assert the state a client left behind.
 *
 * @param id token id; 0 when seeding asks the emulator to assign one
 * @param userId id of the owning user
 * @param key the real key; {@code null} when seeding asks the emulator to generate one
 * @param status 1 enabled, 2 disabled, 3 expired, 4 exhausted
 * @param name the token name
 * @param createdTime unix seconds
 * @param accessedTime unix seconds
 * @param expiredTime unix seconds, -1 = never
 * @param remainQuota quota left
 * @param unlimitedQuota whether the quota is unlimited
 * @param modelLimitsEnabled whether {@code modelLimits} applies
 * @param modelLimits the model list as the server stores it (comma separated or a JSON array)
 * @param allowIps allowed IPs or CIDRs, one per line; {@code null} or empty = no restriction
 * @param usedQuota quota used so far
 * @param group the token's group
 * @param crossGroupRetry whether retries may cross groups
 * @param autoGroups a field newer servers add, writable through PUT
 */
public record EmulatedToken(
        long id,
        long userId,
        String key,
        int status,
        String name,
        long createdTime,
        long accessedTime,
        long expiredTime,
        long remainQuota,
        boolean unlimitedQuota,
        boolean modelLimitsEnabled,
        String modelLimits,
        String allowIps,
        long usedQuota,
        String group,
        boolean crossGroupRetry,
        List<String> autoGroups) {

    public static final int ENABLED = 1;

    public static final int DISABLED = 2;

    public static final int EXPIRED = 3;

    public static final int EXHAUSTED = 4;

    public EmulatedToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modelLimits, "modelLimits");
        Objects.requireNonNull(group, "group");
        autoGroups = List.copyOf(autoGroups);
    }

    /** A builder for a token of the given user: enabled, never expiring, 500000 quota (1 USD). */
    public static Builder forUser(long userId) {
        long now = Instant.now().getEpochSecond();
        return new Builder()
                .userId(userId)
                .status(ENABLED)
                .name("token")
                .createdTime(now)
                .accessedTime(now)
                .expiredTime(-1)
                .remainQuota(500_000)
                .modelLimits("")
                .group("")
                .autoGroups(List.of());
    }

    /** A builder holding this token's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .userId(userId)
                .key(key)
                .status(status)
                .name(name)
                .createdTime(createdTime)
                .accessedTime(accessedTime)
                .expiredTime(expiredTime)
                .remainQuota(remainQuota)
                .unlimitedQuota(unlimitedQuota)
                .modelLimitsEnabled(modelLimitsEnabled)
                .modelLimits(modelLimits)
                .allowIps(allowIps)
                .usedQuota(usedQuota)
                .group(group)
                .crossGroupRetry(crossGroupRetry)
                .autoGroups(autoGroups);
    }

    /** {@code remainQuota + usedQuota}: unchanged by usage, raised by exactly X by a top-up of X. */
    public long fundedTotal() {
        return remainQuota + usedQuota;
    }

    /** Builds an {@link EmulatedToken}; every setter returns the builder. */
    public static final class Builder {

        private long id;
        private long userId;
        private String key;
        private int status;
        private String name;
        private long createdTime;
        private long accessedTime;
        private long expiredTime;
        private long remainQuota;
        private boolean unlimitedQuota;
        private boolean modelLimitsEnabled;
        private String modelLimits;
        private String allowIps;
        private long usedQuota;
        private String group;
        private boolean crossGroupRetry;
        private List<String> autoGroups;

        private Builder() {}

        public Builder id(long id) {
            this.id = id;
            return this;
        }

        public Builder userId(long userId) {
            this.userId = userId;
            return this;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder createdTime(long createdTime) {
            this.createdTime = createdTime;
            return this;
        }

        public Builder accessedTime(long accessedTime) {
            this.accessedTime = accessedTime;
            return this;
        }

        public Builder expiredTime(long expiredTime) {
            this.expiredTime = expiredTime;
            return this;
        }

        public Builder remainQuota(long remainQuota) {
            this.remainQuota = remainQuota;
            return this;
        }

        public Builder unlimitedQuota(boolean unlimitedQuota) {
            this.unlimitedQuota = unlimitedQuota;
            return this;
        }

        public Builder modelLimitsEnabled(boolean enabled) {
            this.modelLimitsEnabled = enabled;
            return this;
        }

        public Builder modelLimits(String modelLimits) {
            this.modelLimits = modelLimits;
            return this;
        }

        public Builder allowIps(String allowIps) {
            this.allowIps = allowIps;
            return this;
        }

        public Builder usedQuota(long usedQuota) {
            this.usedQuota = usedQuota;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder crossGroupRetry(boolean crossGroupRetry) {
            this.crossGroupRetry = crossGroupRetry;
            return this;
        }

        public Builder autoGroups(List<String> autoGroups) {
            this.autoGroups = autoGroups;
            return this;
        }

        public EmulatedToken build() {
            return new EmulatedToken(
                    id,
                    userId,
                    key,
                    status,
                    name,
                    createdTime,
                    accessedTime,
                    expiredTime,
                    remainQuota,
                    unlimitedQuota,
                    modelLimitsEnabled,
                    modelLimits,
                    allowIps,
                    usedQuota,
                    group,
                    crossGroupRetry,
                    autoGroups);
        }
    }
}
