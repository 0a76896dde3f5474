package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much the worker does at once. Events of one token are always applied in order; these
 * bound how many tokens are worked on in parallel and how much is held in memory.
 *
 * @param maxInFlight        tokens being applied at once per instance (each holds at most one gateway call)
 * @param maxBatch           most events of one token applied together with one GET and one write
 * @param maxBufferedRecords records taken from Kafka and not finished yet, above which fetching pauses
 * @param commitInterval     how often finished offsets are committed
 * @param drainTimeout       how long started work may take to finish when partitions are taken away or on shutdown
 */
@Validated
@ConfigurationProperties("token-policy.concurrency")
public record ConcurrencyProperties(
        @DefaultValue("64") @Min(1) @Max(4096) int maxInFlight,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxBatch,
        @DefaultValue("10000") @Min(1) int maxBufferedRecords,
        @DefaultValue("200ms") @NotNull Duration commitInterval,
        @DefaultValue("30s") @NotNull Duration drainTimeout) {
}
