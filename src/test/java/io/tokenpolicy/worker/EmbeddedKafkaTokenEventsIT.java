package io.tokenpolicy.worker;

import io.tokenpolicy.worker.fixtures.EmbeddedKafkaAddress;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The scenarios against an in-process KRaft broker. */
@SpringBootTest
@Import(EmbeddedKafkaAddress.class)
@EmbeddedKafka(
        partitions = 3,
        topics = {"token-events", "token-outcomes", "token-events.DLT"})
class EmbeddedKafkaTokenEventsIT extends CatalogueScenarios {

    @Autowired
    private EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        gatewayProperties(registry);
        policyRuleProperties(registry);
    }

    @Override
    String bootstrapServers() {
        return broker.getBrokersAsString();
    }
}
