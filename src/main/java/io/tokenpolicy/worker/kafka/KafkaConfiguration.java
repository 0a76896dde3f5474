package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.TokenEventApplier;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.config.TopicsProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Longer than the producer's default delivery timeout, so the producer gives up first and says why. */
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(3);
    private static final long FIRST_REDELIVERY_MS = 1_000;
    private static final long LONGEST_REDELIVERY_MS = 30_000;

    @Bean
    TokenEventListener tokenEventListener(TokenEventApplier applier, KafkaTemplate<byte[], byte[]> kafka,
                                          TopicsProperties topics, TokenApiProperties api, Clock clock) {
        TokenEventHandler handler = new TokenEventHandler(
                new TokenEventReader(Optional.of(api.userId())),
                applier,
                new OutcomePublisher(kafka, topics.outcomes(), SEND_TIMEOUT),
                new DeadLetterPublisher(kafka, topics.deadLetter(), SEND_TIMEOUT, clock),
                clock);
        return new TokenEventListener(handler);
    }

    /** A record whose outcome could not be published is delivered again, with growing pauses, until it can. */
    @Bean
    DefaultErrorHandler redeliverUntilPublished() {
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_REDELIVERY_MS, 2.0);
        backOff.setMaxInterval(LONGEST_REDELIVERY_MS);
        return new DefaultErrorHandler(backOff);
    }

    @Bean
    MissingTopics missingTopics(KafkaAdmin admin, TopicsProperties topics) {
        return new MissingTopics(admin, topics);
    }
}
