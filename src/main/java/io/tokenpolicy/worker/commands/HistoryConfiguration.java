package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.TopicsProperties;
import io.tokenpolicy.worker.drift.GrouplessReader;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The history command and the settings it reads, alone (as replay's): its own, {@code token-policy.topics.*} and
 * {@code spring.kafka.*}; no gateway client, no consumer loop, no web server. Its reader joins no group.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(CommandRequested.History.class)
@EnableConfigurationProperties({HistoryProperties.class, TopicsProperties.class, KafkaProperties.class})
class HistoryConfiguration {

    @Bean
    HistoryCommand historyCommand(
            HistoryProperties history, TopicsProperties topics, KafkaProperties kafka, Console console) {
        return new HistoryCommand(
                GrouplessReader.of(kafka.buildConsumerProperties()),
                topics.outcomes(),
                topics.drift(),
                history,
                console);
    }
}
