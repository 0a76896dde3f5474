package io.tokenpolicy.worker.commands;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * The short options of a command named by a word, where Spring's own reading of the command line stops: each stands
 * for a property ({@code --since} for {@code token-policy.replay.since}), a flag needs no value, an option's value
 * may follow it as the next argument ({@code --token 42}) or after {@code =}, and any other option (a mistyped one,
 * or a property, which the environment or {@code application.yml} gives instead), or an argument that is no option's
 * value, is refused.
 */
final class ShortOptions {

    private ShortOptions() {}

    /** The short options given to {@code command}, as the properties they stand for, over every other source. */
    static PropertySource<?> properties(
            String command, Map<String, String> options, Set<String> flags, String... args) {
        return properties(command, options, flags, false, args);
    }

    /**
     * As above; with {@code settingsToo}, an option with a dot in its name is a setting ({@code --token-api.base-url=}),
     * as the worker takes them, and is left to Spring.
     */
    static PropertySource<?> properties(
            String command, Map<String, String> options, Set<String> flags, boolean settingsToo, String... args) {
        SimpleCommandLinePropertySource given = new SimpleCommandLinePropertySource(joined(flags, args));
        requireOptionsOnly(given);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : given.getPropertyNames()) {
            if (settingsToo && name.contains(".")) {
                continue;
            }
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            String value = given.getProperty(name);
            properties.put(
                    options.get(name),
                    OriginTrackedValue.of(flags.contains(name) && value.isEmpty() ? "true" : value, new Option(name)));
        }
        return new OriginTrackedMapPropertySource(command + " options", properties);
    }

    /** The arguments with each option that is no flag joined to the value that follows it: {@code --token=42}. */
    static String[] joined(Set<String> flags, String... args) {
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean takesNext = arg.startsWith("--")
                    && !arg.contains("=")
                    && !flags.contains(arg.substring(2))
                    && i + 1 < args.length
                    && !args[i + 1].startsWith("--");
            if (takesNext) {
                joined.add(arg + "=" + args[++i]);
            } else {
                joined.add(arg);
            }
        }
        return joined.toArray(String[]::new);
    }

    private static void requireOptionsOnly(SimpleCommandLinePropertySource given) {
        String positional = given.getProperty(CommandLinePropertySource.DEFAULT_NON_OPTION_ARGS_PROPERTY_NAME);
        Arrays.stream(positional == null ? new String[0] : positional.split(","))
                .skip(1)
                .findFirst()
                .ifPresent(extra -> {
                    throw new IllegalArgumentException("unknown argument " + extra + " (options are --name=value)");
                });
    }

    /** Where a setting came from when it was given as a short option, so that an error names that option. */
    record Option(String name) implements Origin {

        @Override
        public String toString() {
            return "--" + name;
        }
    }
}
