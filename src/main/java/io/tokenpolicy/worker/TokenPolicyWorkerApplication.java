package io.tokenpolicy.worker;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker: Kafka events in, token changes on the gateway, outcomes out. With
 * {@code --explain=event.json} it instead prints what it would do with that one event, and exits.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class TokenPolicyWorkerApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(TokenPolicyWorkerApplication.class, args);
        if (Arrays.stream(args).anyMatch(arg -> arg.startsWith("--explain="))) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
