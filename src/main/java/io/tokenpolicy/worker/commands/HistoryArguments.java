package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.LaunchedCommand;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.PropertySource;

/** The command line of {@code history} ({@link ShortOptions}): its options, and any setting as the worker takes it. */
final class HistoryArguments {

    static final String USAGE = """
            usage: java -jar token-policy-worker.jar history --token ID [options]
              Every outcome and drift finding of one token, in the order they were published, read from the
              token's partition of the outcome topic and of the drift topic alone.
              --token=ID                 the token (required)
              --user=ID                  only that gateway user's token of this id
              --json                     one JSON line per entry, as published, instead of a table
              --bootstrap-servers=HOSTS  Kafka brokers (default: $SPRING_KAFKA_BOOTSTRAP_SERVERS, else localhost:9092)
            """;

    private static final Map<String, String> OPTIONS = Map.of(
            "bootstrap-servers", "spring.kafka.bootstrap-servers",
            "token", HistoryProperties.PREFIX + ".token",
            "user", HistoryProperties.PREFIX + ".user",
            "json", HistoryProperties.PREFIX + ".json");
    private static final Set<String> FLAGS = Set.of("json");

    private HistoryArguments() {}

    static PropertySource<?> properties(String... args) {
        return ShortOptions.properties(LaunchedCommand.HISTORY, OPTIONS, FLAGS, true, args);
    }
}
