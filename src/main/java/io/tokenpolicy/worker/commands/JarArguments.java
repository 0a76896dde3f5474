package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.LaunchedCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The jar's command line before Spring reads it: {@code replay-dlt}, {@code drift} or {@code history} with its own
 * options, {@code --explain=FILE}, or
 * none of them, which starts the worker. Besides those only settings are taken ({@code --token-policy.x=y},
 * {@code --spring.*}: a name with a dot), and Spring Boot's {@code --debug} and {@code --trace}; any other word or
 * dotless option, a mistyped command above all, is refused rather than taken for the worker, which would join the
 * production consumer group.
 */
final class JarArguments {

    static final String USAGE = """
            usage: java -jar token-policy-worker.jar [--SETTING=VALUE ...]
                     runs the worker; every setting (docs/configuration.md) may also be given this way
                   java -jar token-policy-worker.jar --explain=FILE [--SETTING=VALUE ...]
                     prints what the worker would do with the one CloudEvent in FILE, against the live token
                   java -jar token-policy-worker.jar replay-dlt [options]
                     puts dead letters back onto the events topic (replay-dlt --help lists its options)
                   java -jar token-policy-worker.jar drift [options]
                     compares the gateway's tokens with the policy's view of them, once (drift --help)
                   java -jar token-policy-worker.jar history --token ID [options]
                     prints a token's outcomes and drift findings in order (history --help)
            """;

    private static final String COMMANDS = "the commands are replay-dlt, drift, history [options] and --explain=FILE,"
            + " and without one the worker starts (--help says more)";
    private static final Set<String> DOTLESS = Set.of(LaunchedCommand.EXPLAIN, "help", "debug", "trace");

    private JarArguments() {}

    /** The one line that refuses these arguments, if they are neither a command nor the worker's settings. */
    static Optional<String> refused(String... args) {
        List<String> words =
                Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toList();
        if (!words.isEmpty()) {
            return LaunchedCommand.WORDS.contains(words.get(0))
                    ? Optional.empty()
                    : Optional.of("unknown command " + words.get(0) + ": " + COMMANDS);
        }
        return Arrays.stream(args)
                .map(JarArguments::optionName)
                .filter(name -> !name.contains(".") && !DOTLESS.contains(name))
                .findFirst()
                .map(name -> "unknown option --" + name + ": " + COMMANDS);
    }

    /** Whether the jar was asked what it takes: {@code --help} without a command. */
    static boolean asksForHelp(String... args) {
        return Arrays.asList(args).contains("--help") && Arrays.stream(args).noneMatch(LaunchedCommand.WORDS::contains);
    }

    private static String optionName(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option.substring(2) : option.substring(2, equals);
    }
}
