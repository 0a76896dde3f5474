package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.LaunchedCommand;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The one-shot commands the jar runs in place of the worker. Each is recognised from the Spring environment (the
 * command line first), starts only the beans it needs, and ends with an exit status (see {@link CommandRun}).
 */
public enum Command {

    /** {@code --explain=event.json}: what the worker would do with one event (see {@link ExplainCommand}). */
    EXPLAIN("explain", ""),
    /** {@code replay-dlt [options]}: dead letters back onto the events topic (see {@link ReplayCommand}). */
    REPLAY(ReplayArguments.NAME, ReplayArguments.USAGE),
    /** {@code drift [options]}: one drift pass over the policy's view (see {@link DriftCommand}). */
    DRIFT(LaunchedCommand.DRIFT, DriftArguments.USAGE),
    /** {@code history --token ID [options]}: a token's outcomes and findings in order (see {@link HistoryCommand}). */
    HISTORY(LaunchedCommand.HISTORY, HistoryArguments.USAGE);

    private final String label;
    private final String usage;

    Command(String label, String usage) {
        this.label = label;
        this.usage = usage;
    }

    /** The command these arguments ask for, if any, with the environment as Spring would read it. */
    public static Optional<Command> requested(String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return requested(environment);
    }

    /**
     * The command the environment asks for, if any: {@code replay-dlt}, {@code drift} or {@code history} as the first
     * argument that is not an option, or a non-empty {@code explain} property ({@code --explain=event.json}).
     */
    public static Optional<Command> requested(PropertyResolver environment) {
        return LaunchedCommand.of(environment).map(name -> switch (name) {
            case LaunchedCommand.REPLAY -> REPLAY;
            case LaunchedCommand.DRIFT -> DRIFT;
            case LaunchedCommand.HISTORY -> HISTORY;
            default -> EXPLAIN;
        });
    }

    /**
     * The application the command runs as: replay's or history's settings alone, or the worker's beans less its Kafka
     * side (explain and drift, which call the gateway).
     */
    Class<?> source(Class<?> worker) {
        return switch (this) {
            case REPLAY -> ReplayConfiguration.class;
            case HISTORY -> HistoryConfiguration.class;
            default -> worker;
        };
    }

    /** The command's own short options, as the properties they stand for (none for explain). */
    PropertySource<?> options(String... args) {
        return switch (this) {
            case REPLAY -> ReplayArguments.properties(args);
            case DRIFT -> DriftArguments.properties(args);
            case HISTORY -> HistoryArguments.properties(args);
            default -> new MapPropertySource(label, Map.of());
        };
    }

    /**
     * The command's own defaults, under every setting given: explain tries an unreachable gateway three times, not
     * the worker's ten; replay, drift and history wait 15 s, not 60 s, for a Kafka that does not answer.
     */
    Map<String, Object> defaults() {
        return this == EXPLAIN
                ? Map.of("token-policy.retry.max-attempts", "3")
                : Map.of("spring.kafka.consumer.properties.default.api.timeout.ms", "15000");
    }

    /**
     * Settings the command keeps whatever is given: explain and drift hold no partition of the events topic, so a
     * group's share of the rate limit would leave them none; they take the whole limit for their calls.
     */
    Map<String, Object> fixed() {
        return this == EXPLAIN || this == DRIFT ? Map.of("token-policy.rate-limit.scope", "instance") : Map.of();
    }

    /** How the command names itself in what it prints. */
    String label() {
        return label;
    }

    /** What {@code --help} prints, and what follows a wrong option; empty when the command has none. */
    String usage() {
        return usage;
    }
}
