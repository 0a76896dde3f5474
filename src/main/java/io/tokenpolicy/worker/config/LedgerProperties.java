package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ledger: the worker's memory of processed event ids, of quota writes in progress and of
 * tokens a security event disabled, kept in a compacted Kafka topic and read back when a
 * partition is assigned.
 *
 * @param dedupWindow    how long an event id is remembered: a second event with the same id within
 *                       it is a DUPLICATE; also how long a security event's disable is remembered for
 *                       its resolution, and the ledger topic's retention; {@code replay-dlt}
 *                       refuses a dead letter parked longer ago than that
 * @param restoreTimeout how long to wait, on assignment, for a crashed owner's open transaction to be
 *                       aborted before reading the ledger (longer than the producer's transaction timeout)
 * @param sendTimeout    how long an intent may take to be acknowledged before its write is given up
 */
@Validated
@ConfigurationProperties("token-policy.ledger")
public record LedgerProperties(
        @DefaultValue("7d") @NotNull Duration dedupWindow,
        @DefaultValue("60s") @NotNull Duration restoreTimeout,
        @DefaultValue("30s") @NotNull Duration sendTimeout) {}
