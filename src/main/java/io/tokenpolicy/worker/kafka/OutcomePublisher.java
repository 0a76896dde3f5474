package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes outcomes keyed by token id. */
final class OutcomePublisher {

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final String topic;

    OutcomePublisher(KafkaTemplate<byte[], byte[]> kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    CompletableFuture<?> publish(Outcome outcome, byte[] fallbackKey) {
        byte[] key = outcome.tokenId() == null
                ? fallbackKey
                : outcome.tokenId().toString().getBytes(StandardCharsets.UTF_8);
        return kafka.send(new ProducerRecord<>(topic, key, OutcomeJson.of(outcome)));
    }
}
