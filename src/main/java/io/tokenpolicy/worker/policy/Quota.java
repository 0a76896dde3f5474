package io.tokenpolicy.worker.policy;

/**
 * The bounds on a token's quota. {@link #MAX} bounds the amount one event may carry (its schema says so); the gateway's
 * own maximum of {@code remain_quota} is {@code 1e9 × QuotaPerUnit} (5e14 at new-api's default of 500000), a setting of
 * the gateway, so it is an instance: {@link #ofQuotaPerUnit}.
 *
 * @param maximum the largest {@code remain_quota} the gateway accepts
 */
public record Quota(long maximum) {

    /** The largest amount of one event, and the gateway's maximum at its default {@code QuotaPerUnit} (5e14). */
    public static final long MAX = 500_000_000_000_000L;

    /** new-api's default {@code QuotaPerUnit}: 500000 quota to the dollar. */
    public static final double DEFAULT_QUOTA_PER_UNIT = 500_000;

    /** The maximum of a gateway at new-api's default {@code QuotaPerUnit}. */
    public static final Quota DEFAULT = ofQuotaPerUnit(DEFAULT_QUOTA_PER_UNIT);

    /**
     * The largest wallet quota of newer new-api, 2^53 - 1 (the largest integer JSON carries exactly to a browser): its
     * maximum is never past it, whatever {@code QuotaPerUnit} is.
     */
    public static final long MAX_WALLET_QUOTA = (1L << 53) - 1;

    private static final double UNITS = 1e9;

    public Quota {
        if (maximum <= 0) {
            throw new IllegalArgumentException("the quota maximum must be positive");
        }
    }

    /**
     * The maximum of a gateway whose {@code QuotaPerUnit} is {@code quotaPerUnit}: {@code 1e9 × QuotaPerUnit}, at most
     * {@link #MAX_WALLET_QUOTA}.
     */
    public static Quota ofQuotaPerUnit(double quotaPerUnit) {
        if (!(quotaPerUnit > 0) || Double.isInfinite(quotaPerUnit)) {
            throw new IllegalArgumentException("QuotaPerUnit must be a positive number");
        }
        double maximum = Math.floor(UNITS * quotaPerUnit);
        return new Quota(maximum >= MAX_WALLET_QUOTA ? MAX_WALLET_QUOTA : Math.max(1, (long) maximum));
    }

    /**
     * {@code decision} unless it raises the quota of {@code before} above the maximum, which the gateway would refuse:
     * then refused, saying so.
     */
    Decision bound(Decision decision, TokenState before) {
        if (decision instanceof Decision.Apply apply
                && !apply.after().unlimitedQuota()
                && apply.after().remainQuota() > maximum
                && apply.after().remainQuota() > before.remainQuota()) {
            return new Decision.Refuse("remain_quota " + apply.after().remainQuota()
                    + " would exceed the gateway's maximum of " + maximum + " (1e9 × QuotaPerUnit)");
        }
        return decision;
    }
}
