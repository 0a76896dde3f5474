package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.LedgerProperties;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.convert.DurationStyle;

/**
 * What {@code replay-dlt} was asked to do: where to read and write, and which dead letters to take.
 * Topic and broker defaults follow the worker's own environment settings, so that the command
 * run next to a worker replays that worker's dead letters.
 */
record ReplayOptions(Map<String, Object> kafka, String from, String to, Optional<Instant> since,
                     Optional<Instant> until, Set<String> types, Set<String> results, boolean dryRun,
                     Instant forgottenBefore, boolean forceOlder) {

    static final String ALL = "ALL";
    /** The dead letters the gateway refused: parked REJECTED with cause {@code refused}. */
    static final String REFUSED = "REFUSED";

    static final String USAGE = """
            usage: java -jar token-policy-worker.jar replay-dlt [options]
              Copies dead letters back onto the events topic, where the worker applies them once more
              (an event that already took effect is answered DUPLICATE, so replaying twice is safe).
              --bootstrap-servers=HOSTS  Kafka brokers (default: $SPRING_KAFKA_BOOTSTRAP_SERVERS, else localhost:9092)
              --command-config=FILE      Kafka client properties (TLS, SASL) as a .properties file
              --from=TOPIC               dead-letter topic (default: $TOKEN_POLICY_TOPICS_DEAD_LETTER, else token-events.DLT)
              --to=TOPIC                 events topic (default: $TOKEN_POLICY_TOPICS_EVENTS, else token-events)
              --since=WHEN               only dead letters parked at or after WHEN: an instant (2026-11-27T03:00:00Z)
                                         or a duration before now (PT2H, P1D)
              --until=WHEN               only dead letters parked before WHEN (same forms)
              --type=TYPES               only events of these types, comma-separated (e.g. billing.topup)
              --result=RESULTS           only dead letters with these results: FAILED, REFUSED (rejected by the
                                         gateway), REJECTED (any rejected, unreadable records too), or ALL
                                         (default: FAILED,REFUSED)
              --dry-run                  list what would be replayed, replay nothing
              --force-older              replay dead letters parked longer ago than the ledger's dedup window
                                         ($TOKEN_POLICY_LEDGER_DEDUP_WINDOW, else 7d) too; without it they are
                                         refused, since the worker no longer remembers whether they took effect
                                         and would apply a landed top-up again
            """;

    private static final String DEDUP_WINDOW = "TOKEN_POLICY_LEDGER_DEDUP_WINDOW";
    private static final List<String> FLAGS = List.of("--dry-run", "--force-older");

    ReplayOptions {
        kafka = Map.copyOf(kafka);
        types = Set.copyOf(types);
        results = Set.copyOf(results);
    }

    static ReplayOptions parse(List<String> args, Map<String, String> env, Clock clock) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (FLAGS.contains(arg)) {
                given.put(arg.substring(2), "true");
                continue;
            }
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("unknown argument " + arg + " (options are --name=value)");
            }
            String name = arg.substring(2, equals);
            if (!known(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            given.put(name, arg.substring(equals + 1));
        }
        Map<String, Object> kafka = clientProperties(given.get("command-config"));
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, given.getOrDefault("bootstrap-servers",
                env.getOrDefault("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")));
        return new ReplayOptions(kafka,
                given.getOrDefault("from", env.getOrDefault("TOKEN_POLICY_TOPICS_DEAD_LETTER", "token-events.DLT")),
                given.getOrDefault("to", env.getOrDefault("TOKEN_POLICY_TOPICS_EVENTS", "token-events")),
                Optional.ofNullable(given.get("since")).map(when -> instant("since", when, clock)),
                Optional.ofNullable(given.get("until")).map(when -> instant("until", when, clock)),
                list(given.get("type"), ""),
                list(given.get("result"), "FAILED," + REFUSED).stream().map(r -> r.toUpperCase(Locale.ROOT))
                        .collect(Collectors.toSet()),
                given.containsKey("dry-run"), clock.instant().minus(dedupWindow(env)),
                given.containsKey("force-older"));
    }

    /**
     * Whether a dead letter parked then is refused: longer ago than the ledger's dedup window, the intents and
     * processed entries that would tell that its write landed have expired, unless {@code --force-older}.
     */
    boolean refusedAsForgotten(Instant parkedAt) {
        return !forceOlder && parkedAt.isBefore(forgottenBefore);
    }

    /** The worker's {@code token-policy.ledger.dedup-window}, from its environment. */
    private static Duration dedupWindow(Map<String, String> env) {
        String window = env.getOrDefault(DEDUP_WINDOW, LedgerProperties.DEFAULT_DEDUP_WINDOW);
        try {
            return DurationStyle.detectAndParse(window);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException(DEDUP_WINDOW + " must be a duration like 7d or P7D, was " + window);
        }
    }

    /** Whether a dead letter parked with this result and cause ({@code dlt-result}, {@code dlt-cause}) is wanted. */
    boolean wantsResult(String result, String cause) {
        return results.contains(ALL) || (result != null && results.contains(result))
                || (REFUSED.equalsIgnoreCase(cause) && results.contains(REFUSED));
    }

    boolean wantsType(String type) {
        return types.isEmpty() || (type != null && types.contains(type));
    }

    boolean parkedInRange(Instant parkedAt) {
        return since.map(s -> !parkedAt.isBefore(s)).orElse(true) && until.map(parkedAt::isBefore).orElse(true);
    }

    private static boolean known(String name) {
        return List.of("bootstrap-servers", "command-config", "from", "to", "since", "until", "type", "result")
                .contains(name);
    }

    private static Set<String> list(String value, String otherwise) {
        String text = value == null ? otherwise : value;
        Set<String> items = new LinkedHashSet<>();
        Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).forEach(items::add);
        return items;
    }

    private static Instant instant(String option, String when, Clock clock) {
        try {
            if (when.startsWith("P") || when.startsWith("p")) {
                return clock.instant().minus(Duration.parse(when));
            }
            return Instant.parse(when);
        } catch (DateTimeException malformed) {
            throw new IllegalArgumentException("--" + option + " must be an instant like 2026-11-27T03:00:00Z"
                    + " or a duration before now like PT2H, was " + when);
        }
    }

    private static Map<String, Object> clientProperties(String file) {
        Map<String, Object> properties = new HashMap<>();
        if (file == null) {
            return properties;
        }
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            loaded.load(reader);
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("--command-config: cannot read " + file + ": "
                    + unreadable.getClass().getSimpleName());
        }
        loaded.forEach((name, value) -> properties.put(name.toString(), value));
        return properties;
    }
}
