package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.LaunchedCommand;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.PropertySource;

/**
 * The command line of {@code replay-dlt} ({@link ShortOptions}): {@code --since} stands for
 * {@code token-policy.replay.since}, {@code --from} for the worker's {@code token-policy.topics.dead-letter}, and
 * {@code --dry-run} and {@code --force-older} need no value.
 */
final class ReplayArguments {

    static final String NAME = LaunchedCommand.REPLAY;

    static final String USAGE = """
            usage: java -jar token-policy-worker.jar replay-dlt [options]
              Copies dead letters back onto the events topic, where the worker applies them once more
              (an event that already took effect is answered DUPLICATE, so replaying twice is safe).
              Every option is also a setting, given as an environment variable or in application.yml like
              the worker's own (spring.kafka.* for the Kafka clients); an option typed here wins.
              --bootstrap-servers=HOSTS  Kafka brokers (default: $SPRING_KAFKA_BOOTSTRAP_SERVERS, else localhost:9092)
              --command-config=FILE      Kafka client properties (TLS, SASL) as a .properties file (the brokers
                                         are always those of --bootstrap-servers)
              --from=TOPIC               dead-letter topic (default: $TOKEN_POLICY_TOPICS_DEAD_LETTER, else token-events.DLT)
              --to=TOPIC                 events topic (default: $TOKEN_POLICY_TOPICS_EVENTS, else token-events)
              --since=WHEN               only dead letters parked at or after WHEN: an instant (2026-11-27T03:00:00Z)
                                         or a duration before now (PT2H, P1D)
              --until=WHEN               only dead letters parked before WHEN (same forms)
              --type=TYPES               only events of these types, comma-separated (e.g. billing.topup)
              --result=RESULTS           only dead letters with these results: FAILED, REFUSED (rejected by the
                                         gateway), WRONG_TOPIC (billing events found on the security topic),
                                         UNTOLD (an earlier attempt's quota change may have landed: check the
                                         token first, they are applied again), REJECTED (any rejected, unreadable
                                         and untold records too), or ALL
                                         (default: FAILED,REFUSED,WRONG_TOPIC)
              --dry-run                  list what would be replayed, replay nothing
              --force-older              replay dead letters parked longer ago than the ledger's dedup window
                                         ($TOKEN_POLICY_LEDGER_DEDUP_WINDOW, else 7d) too; without it they are
                                         refused, since the worker no longer remembers whether they took effect
                                         and would apply a landed top-up again
            """;

    private static final Map<String, String> OPTIONS = Map.of(
            "bootstrap-servers", "spring.kafka.bootstrap-servers",
            "command-config", ReplayProperties.PREFIX + ".command-config",
            "from", "token-policy.topics.dead-letter",
            "to", "token-policy.topics.events",
            "since", ReplayProperties.PREFIX + ".since",
            "until", ReplayProperties.PREFIX + ".until",
            "type", ReplayProperties.PREFIX + ".type",
            "result", ReplayProperties.PREFIX + ".result",
            "dry-run", ReplayProperties.PREFIX + ".dry-run",
            "force-older", ReplayProperties.PREFIX + ".force-older");
    private static final Set<String> FLAGS = Set.of("dry-run", "force-older");

    private ReplayArguments() {}

    /** The short options given, as the properties they stand for, taking precedence as the command line does. */
    static PropertySource<?> properties(String... args) {
        return ShortOptions.properties(NAME, OPTIONS, FLAGS, args);
    }
}
