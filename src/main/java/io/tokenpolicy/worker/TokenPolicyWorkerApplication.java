package io.tokenpolicy.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The worker: Kafka events in, token changes on the gateway, outcomes out. */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class TokenPolicyWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokenPolicyWorkerApplication.class, args);
    }
}
