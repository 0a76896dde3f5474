package io.tokenpolicy.worker.ops;

import io.tokenpolicy.worker.config.ConcurrencyProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health/consumer}: the lag of each owned partition and the state of
 * back-pressure. Lag is information, not a failure (a backlog after an outage is worked off
 * as fast as the gateway allows), so this is UP while the loop polls and never takes part in
 * readiness; it is UNKNOWN while no consumer is open (starting, or restarting after a failure).
 */
final class ConsumerHealthIndicator implements HealthIndicator {

    private final ConsumerStatus status;
    private final ConcurrencyProperties limits;

    ConsumerHealthIndicator(ConsumerStatus status, ConcurrencyProperties limits) {
        this.status = status;
        this.limits = limits;
    }

    @Override
    public Health health() {
        ConsumerSnapshot snapshot = status.snapshot();
        Health.Builder health = snapshot.polling() ? Health.up() : Health.unknown();
        return health.withDetail("observedAt", String.valueOf(snapshot.observedAt()))
                .withDetail("partitions", snapshot.partitions())
                .withDetail("totalLag", snapshot.totalLag())
                .withDetail("pausedPartitions", snapshot.pausedPartitions())
                .withDetail("bufferedRecords", snapshot.bufferedRecords())
                .withDetail("maxBufferedRecords", limits.maxBufferedRecords())
                .withDetail("bufferedBytes", snapshot.bufferedBytes())
                .withDetail("maxBufferedBytes", limits.maxBufferedBytes().toBytes())
                .withDetail("backPressure", snapshot.pausedPartitions() > 0 ? "paused" : "fetching")
                .build();
    }
}
