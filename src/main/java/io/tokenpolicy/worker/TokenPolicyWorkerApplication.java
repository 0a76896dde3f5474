package io.tokenpolicy.worker;

import io.tokenpolicy.worker.replay.ReplayCommand;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The worker: Kafka events in, token changes on the gateway, outcomes out. With {@code replay-dlt} as the first
 * argument it runs that command instead (see {@link ReplayCommand}).
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class TokenPolicyWorkerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(ReplayCommand.NAME)) {
            System.exit(ReplayCommand.run(List.of(args).subList(1, args.length), System.getenv(), System.out, System.err));
        }
        SpringApplication.run(TokenPolicyWorkerApplication.class, args);
    }
}
