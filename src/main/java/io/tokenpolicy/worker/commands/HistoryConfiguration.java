package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.TopicsProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
        Map<String, Object> reader = new HashMap<>(kafka.buildConsumerProperties());
        reader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        reader.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new HistoryCommand(
                () -> new KafkaConsumer<>(reader, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                topics.outcomes(),
                topics.drift(),
                history,
                console);
    }
}
