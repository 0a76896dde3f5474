package io.tokenpolicy.worker.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes the events topic. Records of one partition are handled one after another, and
 * a record's offset is committed only after its outcome is acknowledged.
 */
class TokenEventListener {

    private final TokenEventHandler handler;

    TokenEventListener(TokenEventHandler handler) {
        this.handler = handler;
    }

    @KafkaListener(id = "token-policy-worker", topics = "${token-policy.topics.events:token-events}")
    void on(ConsumerRecord<byte[], byte[]> record) {
        handler.handle(record);
    }
}
