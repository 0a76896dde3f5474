package io.tokenpolicy.worker.config;

/** Whom the gateway's rate limit is kept for: each instance alone, or the whole consumer group behind one address. */
public enum RateLimitScope {
    /** Every instance keeps the whole limit for itself: for instances that call from addresses of their own. */
    INSTANCE,
    /**
     * The instances of the group share one limit: each takes the share of it that matches its share of the events
     * topic's partitions, so that instances behind one address stay within the limit together.
     */
    GROUP
}
