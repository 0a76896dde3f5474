package io.tokenpolicy.worker;

import io.tokenpolicy.worker.commands.CommandRun;
import java.util.OptionalInt;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;

/**
 * The worker: Kafka events in, token changes on the gateway, outcomes out. With {@code replay-dlt} as the first
 * argument it runs that command instead; with {@code --explain=event.json} it prints what it would do with that one
 * event, and exits; any other word, or an option that is no setting, is refused (see {@code commands.CommandRun}).
 * Kafka's client metrics are bound by {@code ops.KafkaConsumerMetrics} instead of Spring Boot's auto-configuration.
 */
@SpringBootApplication(proxyBeanMethods = false, exclude = KafkaMetricsAutoConfiguration.class)
@ConfigurationPropertiesScan
public class TokenPolicyWorkerApplication {

    public static void main(String[] args) {
        OptionalInt ended = CommandRun.instead(TokenPolicyWorkerApplication.class, args);
        if (ended.isPresent()) {
            System.exit(ended.getAsInt());
        }
        SpringApplication.run(TokenPolicyWorkerApplication.class, args);
    }
}
