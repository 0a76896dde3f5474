package io.tokenpolicy.worker.ops;

import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health/rateLimit}: the instance's share of the gateway's rate limit, and whether a 429 paused its
 * calls. Information, never a failure: it is always UP and takes no part in readiness.
 */
final class RateLimitHealthIndicator implements HealthIndicator {

    private final RateLimitStatus status;
    private final Clock clock;

    RateLimitHealthIndicator(RateLimitStatus status, Clock clock) {
        this.status = status;
        this.clock = clock;
    }

    @Override
    public Health health() {
        RateLimitStatus.Share share = status.share();
        Health.Builder health = Health.up()
                .withDetail("scope", share.scope())
                .withDetail("share", share.share())
                .withDetail("requests", share.requests())
                .withDetail("heldPartitions", share.heldPartitions())
                .withDetail("countedPartitions", share.countedPartitions())
                .withDetail("partitionCount", share.partitionCount());
        Instant pausedUntil = status.pausedUntil();
        if (pausedUntil != null && pausedUntil.isAfter(clock.instant())) {
            health.withDetail("pausedUntil", pausedUntil.toString());
        }
        return health.build();
    }
}
