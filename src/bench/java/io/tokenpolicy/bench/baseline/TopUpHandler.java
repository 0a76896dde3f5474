package io.tokenpolicy.bench.baseline;

import io.tokenpolicy.bench.baseline.BaselineEvents.Event;
import io.tokenpolicy.bench.baseline.BaselineTokenApi.TopUpResult;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One record in, one outcome record out: what the plain listener and Parallel Consumer both run
 * per event, so that the benchmark compares how they schedule the work, not the work itself.
 */
public final class TopUpHandler {

    private final BaselineTokenApi api;
    private final String outcomesTopic;

    public TopUpHandler(BaselineTokenApi api, String outcomesTopic) {
        this.api = api;
        this.outcomesTopic = outcomesTopic;
    }

    public ProducerRecord<byte[], byte[]> handle(ConsumerRecord<byte[], byte[]> record) {
        Instant receivedAt = Instant.now();
        Event event = BaselineEvents.read(record.value());
        TopUpResult result = event.isTopUp() ? topUp(event) : new TopUpResult("REJECTED", "not a top-up", 0, 0);
        return new ProducerRecord<>(
                outcomesTopic, BaselineEvents.key(event), BaselineEvents.outcome(event, result, receivedAt));
    }

    private TopUpResult topUp(Event event) {
        try {
            return api.topUp(event.tokenId(), event.amount());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new TopUpResult("FAILED", "interrupted", 0, 0);
        }
    }
}
