package io.tokenpolicy.bench.plain;

import io.tokenpolicy.bench.baseline.BaselineArgs;
import io.tokenpolicy.bench.baseline.BaselineHandler;
import io.tokenpolicy.bench.baseline.BaselineTokenApi;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Baseline 1: the obvious design, a Spring Boot app with one {@code @KafkaListener} whose
 * {@code concurrency} equals the partition count, applying one event at a time per partition.
 * It sends each outcome without waiting for the broker's acknowledgement, which favours it.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class PlainListenerBench {

    private static final String BYTES = "org.apache.kafka.common.serialization.ByteArray";

    public static void main(String[] argv) {
        BaselineArgs args = BaselineArgs.parse(argv);
        SpringApplication app = new SpringApplication(PlainListenerBench.class);
        app.setDefaultProperties(properties(args));
        app.run();
    }

    @Bean
    BaselineHandler baselineHandler(Environment env) {
        BaselineTokenApi api = new BaselineTokenApi(
                env.getRequiredProperty("bench.gateway"),
                env.getRequiredProperty("bench.user-id"),
                env.getRequiredProperty("bench.access-token"));
        return new BaselineHandler(api, env.getRequiredProperty("bench.outcomes-topic"));
    }

    @Bean
    RecordListener recordListener(BaselineHandler handler, KafkaTemplate<byte[], byte[]> kafka) {
        return new RecordListener(handler, kafka);
    }

    private static Map<String, Object> properties(BaselineArgs args) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.kafka.bootstrap-servers", args.bootstrapServers());
        properties.put("spring.kafka.consumer.group-id", args.groupId());
        properties.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        properties.put("spring.kafka.consumer.enable-auto-commit", "false");
        properties.put("spring.kafka.consumer.isolation-level", "read_committed");
        properties.put("spring.kafka.consumer.key-deserializer", BYTES + "Deserializer");
        properties.put("spring.kafka.consumer.value-deserializer", BYTES + "Deserializer");
        properties.put("spring.kafka.producer.acks", "all");
        properties.put("spring.kafka.producer.key-serializer", BYTES + "Serializer");
        properties.put("spring.kafka.producer.value-serializer", BYTES + "Serializer");
        properties.put("logging.level.org.apache.kafka", "warn");
        properties.put("bench.events-topic", args.eventsTopic());
        properties.put("bench.outcomes-topic", args.outcomesTopic());
        properties.put("bench.concurrency", args.get("concurrency"));
        properties.put("bench.gateway", args.get("gateway"));
        properties.put("bench.user-id", args.get("user-id"));
        properties.put("bench.access-token", args.get("access-token"));
        return properties;
    }

    /** One event at a time per partition; the container commits after each poll's batch. */
    static class RecordListener {

        private final BaselineHandler handler;
        private final KafkaTemplate<byte[], byte[]> kafka;

        RecordListener(BaselineHandler handler, KafkaTemplate<byte[], byte[]> kafka) {
            this.handler = handler;
            this.kafka = kafka;
        }

        @KafkaListener(topics = "${bench.events-topic}", concurrency = "${bench.concurrency}")
        void on(ConsumerRecord<byte[], byte[]> record) {
            kafka.send(handler.handle(record));
        }
    }
}
