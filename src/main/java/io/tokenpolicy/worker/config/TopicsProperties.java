package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The worker's topics.
 *
 * @param events       where events arrive, keyed by token id
 * @param securityEvents where security events arrive, ahead of the events topic's billing backlog (the security
 *                     lane); partitioned like {@code events}
 * @param outcomes     where one outcome per event is published
 * @param deadLetter   where unreadable and failed records are parked
 * @param ledger       the worker's own state: processed event ids and quota-write intents (compacted,
 *                     partitioned like {@code events})
 * @param policyView   the policy's view of each token: what it last decided for the fields it owns and the funded
 *                     total it expects (compacted without expiry, partitioned like {@code events})
 * @param drift        where each difference a drift pass finds between the gateway and the policy's view goes, keyed
 *                     by token id like the outcomes
 * @param partitions   partitions for topics the worker creates when they are missing (the ledger
 *                     always gets as many as {@code events} has)
 * @param create       whether to create missing topics at start-up
 * @param startupWait  how long start-up waits for Kafka to answer while it creates or checks these topics (a broker
 *                     restarting, or started at the same time as the worker); after that the worker exits
 */
@Validated
@ConfigurationProperties("token-policy.topics")
public record TopicsProperties(
        @DefaultValue("token-events") @NotBlank String events,
        @DefaultValue("token-security-events") @NotBlank String securityEvents,
        @DefaultValue("token-outcomes") @NotBlank String outcomes,
        @DefaultValue("token-events.DLT") @NotBlank String deadLetter,
        @DefaultValue("token-ledger") @NotBlank String ledger,
        @DefaultValue("token-policy-view") @NotBlank String policyView,
        @DefaultValue("token-drift") @NotBlank String drift,
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("true") boolean create,
        @DefaultValue("5m") @NotNull Duration startupWait) {

    /** The same topics with the outcomes published elsewhere. */
    public TopicsProperties withOutcomes(String newOutcomes) {
        return new TopicsProperties(
                events,
                securityEvents,
                newOutcomes,
                deadLetter,
                ledger,
                policyView,
                drift,
                partitions,
                create,
                startupWait);
    }
}
