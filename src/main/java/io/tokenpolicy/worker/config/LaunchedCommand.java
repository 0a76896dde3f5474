package io.tokenpolicy.worker.config;

import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Which one-shot command, if any, the jar was started for, read from the Spring environment (the command line
 * first): {@code replay-dlt}, {@code drift} or {@code history} as the first argument that is not an option, or a non-empty {@code explain} setting
 * ({@code --explain=event.json}). The worker's Kafka side starts only when none was.
 */
public final class LaunchedCommand {

    public static final String REPLAY = "replay-dlt";
    public static final String EXPLAIN = "explain";
    public static final String DRIFT = "drift";
    public static final String HISTORY = "history";

    /** The commands named by a word, as the first argument that is not an option. */
    public static final List<String> WORDS = List.of(REPLAY, DRIFT, HISTORY);

    private LaunchedCommand() {}

    /** The name of the command the environment asks for (one of {@link #WORDS}, or {@link #EXPLAIN}), if any. */
    public static Optional<String> of(PropertyResolver environment) {
        String[] positional = environment.getProperty(
                CommandLinePropertySource.DEFAULT_NON_OPTION_ARGS_PROPERTY_NAME, String[].class, new String[0]);
        if (positional.length > 0 && WORDS.contains(positional[0])) {
            return Optional.of(positional[0]);
        }
        return StringUtils.hasText(environment.getProperty(EXPLAIN)) ? Optional.of(EXPLAIN) : Optional.empty();
    }

    /** No command: the jar runs as the worker, and consumes. */
    public static final class None implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).isEmpty();
        }
    }
}
