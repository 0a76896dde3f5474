package io.tokenpolicy.worker;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same scenarios against the official {@code apache/kafka} image, where a Docker engine is available. */
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaTokenEventsIT extends CatalogueScenarios {

    @Container
    static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::getBootstrapServers);
        gatewayProperties(registry);
        policyRuleProperties(registry);
    }

    @Override
    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }
}
