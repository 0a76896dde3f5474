package io.tokenpolicy.worker;

import io.tokenpolicy.worker.commands.Command;
import io.tokenpolicy.worker.commands.CommandRun;
import io.tokenpolicy.worker.commands.Console;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The worker: Kafka events in, token changes on the gateway, outcomes out. With {@code replay-dlt} as the first
 * argument it runs that command instead; with {@code --explain=event.json} it prints what it would do with that one
 * event, and exits (see {@link Command}).
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class TokenPolicyWorkerApplication {

    public static void main(String[] args) {
        Optional<Command> command = Command.requested(args);
        if (command.isPresent()) {
            System.exit(CommandRun.run(
                    command.get(), TokenPolicyWorkerApplication.class, new Console(System.out, System.err), args));
        }
        SpringApplication.run(TokenPolicyWorkerApplication.class, args);
    }
}
