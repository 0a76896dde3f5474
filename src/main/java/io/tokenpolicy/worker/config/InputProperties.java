package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what the worker accepts from the events topic, so that a huge or hostile record
 * costs a bounded amount of memory and CPU and is rejected with a reason instead of read.
 *
 * @param maxRecordBytes largest record accepted, counting key, value and headers; a larger one is
 *                       rejected unread and parked without its value. At most 1,000,000, so that a
 *                       parked copy with its dead-letter headers stays below the producer's default
 *                       {@code max.request.size} (1 MiB); keep it below the topic's {@code max.message.bytes}
 * @param maxJsonDepth   deepest nesting of JSON objects and arrays in a record (an event needs 3:
 *                       the event, its {@code data}, a list in {@code data})
 * @param maxListEntries most entries of a list in {@code data} (such as {@code allow_ips})
 */
@Validated
@ConfigurationProperties("token-policy.input")
public record InputProperties(
        @DefaultValue("65536") @Min(1024) @Max(1_000_000) int maxRecordBytes,
        @DefaultValue("8") @Min(3) @Max(100) int maxJsonDepth,
        @DefaultValue("256") @Min(1) @Max(10_000) int maxListEntries) {}
