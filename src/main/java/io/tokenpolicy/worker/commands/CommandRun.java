package io.tokenpolicy.worker.commands;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Runs a command through Spring, as the worker runs: its options are Spring properties (command line, environment,
 * {@code application.yml}), only its own beans start, no web server and no port, and it ends with the status its
 * {@code ExitCodeGenerator} gives, or with one line on {@link Console#err()}: 2 when an argument or setting is wrong,
 * 1 when the start failed otherwise. Only the command's own lines reach standard output: logging is quiet (errors
 * only, unless the environment sets {@code LOGGING_LEVEL_*}) and goes to standard error.
 */
public final class CommandRun {

    /** Quiet but for what the command prints, over {@code application.yml}'s levels, under the environment's. */
    private static final Map<String, Object> QUIET = Map.of(
            "logging.level.root", "error",
            "logging.level.org.apache.kafka", "error",
            "logging.level.kafka", "error",
            "logging.level.org.springframework.boot.SpringApplication", "off",
            "logging.level.org.springframework.boot.diagnostics", "off");

    private CommandRun() {}

    /**
     * What the jar does instead of the worker with these arguments: the exit status of the command they ask for,
     * of their refusal (one line on standard error) or of {@code --help}; empty when they ask for the worker.
     */
    public static OptionalInt instead(Class<?> worker, String... args) {
        Optional<String> refused = JarArguments.refused(args);
        if (refused.isPresent()) {
            System.err.println(refused.get());
            return OptionalInt.of(Console.WRONG);
        }
        if (JarArguments.asksForHelp(args)) {
            System.out.print(JarArguments.USAGE);
            return OptionalInt.of(0);
        }
        return Command.requested(args).stream()
                .mapToInt(command -> run(command, worker, Console.takeStandardOutput(), args))
                .findFirst();
    }

    /**
     * The exit status of the command these arguments ask for; {@code worker} is the worker's application, whose
     * beans a command that plans like the worker (explain) needs.
     */
    public static int run(Command command, Class<?> worker, Console console, String... args) {
        if (!command.usage().isEmpty() && List.of(args).contains("--help")) {
            console.out().print(command.usage());
            return 0;
        }
        SpringApplication application;
        try {
            application = application(command, worker, console, args);
        } catch (IllegalArgumentException wrong) {
            return console.wrong(command, wrong.getMessage());
        }
        try {
            return SpringApplication.exit(application.run(args));
        } catch (RuntimeException failed) {
            return SettingError.of(failed)
                    .map(line -> console.wrong(command, line))
                    .orElseGet(() -> console.failed(
                            command,
                            NestedExceptionUtils.getMostSpecificCause(failed).getMessage()));
        }
    }

    private static SpringApplication application(Command command, Class<?> worker, Console console, String... args) {
        PropertySource<?> options = command.options(args);
        SpringApplication application = new SpringApplication(command.source(worker));
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(command.defaults());
        application.setLogStartupInfo(false);
        application.setRegisterShutdownHook(false);
        application.addListeners(new QuietLogging());
        application.addInitializers(
                context -> ((GenericApplicationContext) context).registerBean(Console.class, () -> console));
        application.addInitializers(context -> {
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            sources.addFirst(options);
            sources.addFirst(new MapPropertySource("the command's fixed settings", command.fixed()));
        });
        return application;
    }

    /**
     * Puts {@link #QUIET} right under the environment before logging is set up: over {@code application.yml}, which
     * sets the worker's levels, under {@code LOGGING_LEVEL_*} given for a command that must be looked into.
     */
    private static final class QuietLogging
            implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            MutablePropertySources sources = event.getEnvironment().getPropertySources();
            MapPropertySource quiet = new MapPropertySource("quiet command", QUIET);
            if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
                sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, quiet);
            } else {
                sources.addFirst(quiet);
            }
        }

        /** After the configuration files are read (they come with the environment), before logging starts. */
        @Override
        public int getOrder() {
            return LoggingApplicationListener.DEFAULT_ORDER - 1;
        }
    }
}
