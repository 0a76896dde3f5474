package io.tokenpolicy.worker.commands;

import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which dead letters {@code replay-dlt} takes. Where it reads and writes are the worker's own settings
 * ({@code token-policy.topics.*}, {@code spring.kafka.*}), so that the command run next to a worker replays that
 * worker's dead letters; each of these has a short option as well ({@link ReplayArguments}).
 *
 * @param commandConfig Kafka client properties (TLS, SASL) as a {@code .properties} file, over {@code spring.kafka.*}
 * @param since         only dead letters parked at or after it
 * @param until         only dead letters parked before it
 * @param type          only events of these types; all when empty
 * @param result        only dead letters with these results
 * @param dryRun        list what would be replayed, replay nothing
 * @param forceOlder    replay dead letters parked longer ago than the ledger's dedup window too
 */
@Validated
@ConfigurationProperties(ReplayProperties.PREFIX)
record ReplayProperties(
        Path commandConfig,
        TimeBound since,
        TimeBound until,
        @DefaultValue Set<String> type,

        @DefaultValue({"FAILED", "REFUSED", "WRONG_TOPIC"}) @NotEmpty
        Set<ResultFilter> result,

        boolean dryRun,
        boolean forceOlder) {

    static final String PREFIX = "token-policy.replay";
}
