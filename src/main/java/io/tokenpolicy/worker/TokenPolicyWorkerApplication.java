package io.tokenpolicy.worker;

import io.tokenpolicy.worker.commands.ReplayCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker: Kafka events in, token changes on the gateway, outcomes out. With {@code replay-dlt} as the first
 * argument it runs that command instead (see {@link ReplayCommand}); with {@code --explain=event.json} it prints
 * what it would do with that one event, and exits.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class TokenPolicyWorkerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(ReplayCommand.NAME)) {
            System.exit(ReplayCommand.run(List.of(args).subList(1, args.length), System.getenv(), System.out, System.err));
        }
        boolean explain = Arrays.stream(args).anyMatch(TokenPolicyWorkerApplication::explains);
        SpringApplication application = new SpringApplication(TokenPolicyWorkerApplication.class);
        if (explain) {
            application.setDefaultProperties(Map.of("logging.level.root", "warn"));
            application.setLogStartupInfo(false);
        }
        ConfigurableApplicationContext context = application.run(args);
        if (explain) {
            System.exit(SpringApplication.exit(context));
        }
    }

    private static boolean explains(String arg) {
        return arg.startsWith("--explain=") && arg.length() > "--explain=".length();
    }
}
