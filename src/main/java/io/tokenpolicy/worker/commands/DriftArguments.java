package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.LaunchedCommand;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.PropertySource;

/** The command line of {@code drift} ({@link ShortOptions}): its options, and any setting as the worker takes it. */
final class DriftArguments {

    static final String USAGE = """
            usage: java -jar token-policy-worker.jar drift [options]
              One drift pass: reads the policy's view of every token (the policy-view topic), reads those tokens from
              the gateway (a user's list page by page where that takes fewer calls than a read per token), and
              publishes each difference to the drift topic, one record per finding, and prints it.
              Exits 0 when nothing differs, 3 when something does, 1 when some tokens could not be read.
              It needs the worker's gateway settings (TOKEN_API_*) and Kafka settings, from the environment or as
              --SETTING=VALUE like the worker's own.
              --bootstrap-servers=HOSTS  Kafka brokers (default: $SPRING_KAFKA_BOOTSTRAP_SERVERS, else localhost:9092)
              --enforce                  send each security decision found undone to the security lane again (a
                                         security stop lifted by hand, allow_ips or models wider than decided);
                                         the worker applies it with an outcome. Money is never enforced
              --page-size=N              tokens per page of a user's list (default: 100, the gateway's cap)
            """;

    private static final Map<String, String> OPTIONS = Map.of(
            "bootstrap-servers", "spring.kafka.bootstrap-servers",
            "enforce", "token-policy.drift.enforce",
            "page-size", "token-policy.drift.page-size");
    private static final Set<String> FLAGS = Set.of("enforce");

    private DriftArguments() {}

    static PropertySource<?> properties(String... args) {
        return ShortOptions.properties(LaunchedCommand.DRIFT, OPTIONS, FLAGS, true, args);
    }
}
