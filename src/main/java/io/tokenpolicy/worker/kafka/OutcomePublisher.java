package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes outcomes keyed by token id, and waits for the broker's acknowledgement so none is lost. */
final class OutcomePublisher {

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final String topic;
    private final Duration sendTimeout;

    OutcomePublisher(KafkaTemplate<byte[], byte[]> kafka, String topic, Duration sendTimeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
    }

    void publish(Outcome outcome, byte[] fallbackKey) {
        byte[] key = outcome.tokenId() == null
                ? fallbackKey
                : outcome.tokenId().toString().getBytes(StandardCharsets.UTF_8);
        Sends.await(kafka.send(new ProducerRecord<>(topic, key, OutcomeJson.of(outcome))), sendTimeout, topic);
    }
}
