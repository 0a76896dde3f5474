package io.tokenpolicy.worker.drift;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumers that read committed records of the partitions they are given, with the Kafka settings of the worker
 * ({@code spring.kafka.consumer.*}), and join no group: reading a topic for a pass or a history commits nothing.
 */
public final class GrouplessReader {

    private GrouplessReader() {}

    public static Supplier<Consumer<byte[], byte[]>> of(Map<String, Object> consumerSettings) {
        Map<String, Object> settings = new HashMap<>(consumerSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return () -> new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
