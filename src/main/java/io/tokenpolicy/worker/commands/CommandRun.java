package io.tokenpolicy.worker.commands;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.PropertySource;

/**
 * Runs a command through Spring, as the worker runs: its options are Spring properties (command line, environment,
 * {@code application.yml}), only its own beans start, and it ends with the status its {@code ExitCodeGenerator}
 * gives, or with one line on {@link Console#err()}: 2 when a setting is wrong, 1 when the start failed otherwise.
 */
public final class CommandRun {

    /** Quiet but for what the command prints: Spring's own report of a failed start would repeat that one line. */
    private static final Map<String, Object> QUIET = Map.of(
            "logging.level.root", "warn",
            "logging.level.org.springframework.boot.SpringApplication", "off",
            "logging.level.org.springframework.boot.diagnostics", "off",
            "logging.level.org.springframework.context", "error");

    private CommandRun() {}

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
        application.setDefaultProperties(QUIET);
        application.setLogStartupInfo(false);
        application.setRegisterShutdownHook(false);
        application.addInitializers(
                context -> ((GenericApplicationContext) context).registerBean(Console.class, () -> console));
        application.addInitializers(
                context -> context.getEnvironment().getPropertySources().addFirst(options));
        return application;
    }
}
