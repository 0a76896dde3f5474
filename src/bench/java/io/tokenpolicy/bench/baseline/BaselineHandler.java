package io.tokenpolicy.bench.baseline;

import io.tokenpolicy.bench.baseline.BaselineEvents.Event;
import io.tokenpolicy.bench.baseline.BaselineTokenApi.ApiResult;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One record in, one outcome record out: what the plain listener and Parallel Consumer both run
 * per event, so that the benchmark compares how they schedule the work, not the work itself. A
 * top-up raises the quota; a {@code security.incident} (S5's are all critical) disables the token
 * with a status-only PUT, as the worker does.
 */
public final class BaselineHandler {

    private final BaselineTokenApi api;
    private final String outcomesTopic;

    public BaselineHandler(BaselineTokenApi api, String outcomesTopic) {
        this.api = api;
        this.outcomesTopic = outcomesTopic;
    }

    public ProducerRecord<byte[], byte[]> handle(ConsumerRecord<byte[], byte[]> record) {
        Instant receivedAt = Instant.now();
        Event event = BaselineEvents.read(record.value());
        ApiResult result = apply(event);
        return new ProducerRecord<>(
                outcomesTopic, BaselineEvents.key(event), BaselineEvents.outcome(event, result, receivedAt));
    }

    private ApiResult apply(Event event) {
        try {
            if (event.isTopUp()) {
                return api.topUp(event.tokenId(), event.amount());
            }
            if (event.isIncident()) {
                return api.disable(event.tokenId());
            }
            return new ApiResult("REJECTED", "neither a top-up nor an incident", 0, 0);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new ApiResult("FAILED", "interrupted", 0, 0);
        }
    }
}
