package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.Result;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the copy of a record that parks it on the dead-letter topic exactly as it arrived (key, value, headers),
 * with headers that say what became of it, why and where it came from, so that it can be inspected and replayed
 * ({@code replay-dlt}).
 */
final class DeadLetters {

    static final String RESULT = "dlt-result";
    static final String REASON = "dlt-reason";
    static final String ORIGINAL_TOPIC = "dlt-original-topic";
    static final String ORIGINAL_PARTITION = "dlt-original-partition";
    static final String ORIGINAL_OFFSET = "dlt-original-offset";
    static final String ATTEMPTS = "dlt-attempts";
    static final String PARKED_AT = "dlt-parked-at";

    private final String topic;
    private final Clock clock;

    DeadLetters(String topic, Clock clock) {
        this.topic = topic;
        this.clock = clock;
    }

    ProducerRecord<byte[], byte[]> parked(ConsumerRecord<byte[], byte[]> record, Result result, String reason,
                                          int attempts) {
        ProducerRecord<byte[], byte[]> parked = new ProducerRecord<>(topic, null, record.key(), record.value(),
                new RecordHeaders(record.headers().toArray()));
        Headers headers = parked.headers();
        add(headers, RESULT, result.name());
        add(headers, REASON, reason);
        add(headers, ORIGINAL_TOPIC, record.topic());
        add(headers, ORIGINAL_PARTITION, Integer.toString(record.partition()));
        add(headers, ORIGINAL_OFFSET, Long.toString(record.offset()));
        add(headers, ATTEMPTS, Integer.toString(attempts));
        add(headers, PARKED_AT, clock.instant().toString());
        return parked;
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
