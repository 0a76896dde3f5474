package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much the worker does at once. Events of one token are always applied in order; these
 * bound how many calls the gateway gets at once, how many tokens are worked on in parallel and
 * how much is held in memory.
 *
 * @param maxInFlight         gateway calls in flight at once per instance
 * @param maxTokensInProgress tokens being applied at once per instance, each with at most one call in flight;
 *                            a quarter more than {@code maxInFlight} by default (80 for 64), so that while
 *                            some tokens record an intent or build their outcomes, the others keep the
 *                            call slots busy
 * @param maxBatch            most events of one token applied together with one GET and one write
 * @param maxBufferedRecords  records taken from Kafka and not committed yet, above which fetching pauses
 * @param maxBufferedBytes    bytes of the records taken and not committed yet (and of the outputs of those
 *                            finished), above which fetching pauses: the bound on memory when records are large
 * @param commitInterval      how often finished offsets are committed
 * @param drainTimeout        how long started work may take to finish when partitions are taken away or on shutdown
 */
@Validated
@ConfigurationProperties("token-policy.concurrency")
public record ConcurrencyProperties(
        @DefaultValue("64") @Min(1) @Max(4096) int maxInFlight,
        @Min(1) @Max(8192) Integer maxTokensInProgress,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxBatch,
        @DefaultValue("20000") @Min(1) int maxBufferedRecords,
        @DefaultValue("32MB") @NotNull DataSize maxBufferedBytes,
        @DefaultValue("200ms") @NotNull Duration commitInterval,
        @DefaultValue("30s") @NotNull Duration drainTimeout) {

    public ConcurrencyProperties {
        if (maxBufferedBytes.toBytes() < 1) {
            throw new IllegalArgumentException("token-policy.concurrency.max-buffered-bytes must be positive");
        }
        if (maxTokensInProgress == null) {
            maxTokensInProgress = maxInFlight + Math.max(1, maxInFlight / 4);
        }
    }
}
