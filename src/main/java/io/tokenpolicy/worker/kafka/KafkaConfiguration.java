package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.TokenEventApplier;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.config.TopicsProperties;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    Deliveries deliveries() {
        return new Deliveries();
    }

    @Bean
    TokenEventConsumers tokenEventConsumers(ConsumerFactory<byte[], byte[]> consumers, TokenEventApplier applier,
                                            KafkaTemplate<byte[], byte[]> kafka, TopicsProperties topics,
                                            TokenApiProperties api, ConcurrencyProperties concurrency,
                                            Deliveries deliveries, Clock clock) {
        TokenEventHandler handler = new TokenEventHandler(
                new TokenEventReader(Optional.of(api.userId())),
                applier,
                new OutcomePublisher(kafka, topics.outcomes()),
                new DeadLetterPublisher(kafka, topics.deadLetter(), clock),
                deliveries,
                clock);
        return new TokenEventConsumers(
                () -> new TokenEventConsumer(consumers.createConsumer(), topics.events(), concurrency, handler),
                deliveries);
    }

    @Bean
    MissingTopics missingTopics(KafkaAdmin admin, TopicsProperties topics) {
        return new MissingTopics(admin, topics);
    }
}
