package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.events.RecordKey;
import io.tokenpolicy.worker.events.RecordSize;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the copy of a record that parks it on the dead-letter topic exactly as it arrived (key, value, headers),
 * with headers that say what became of it, why and where it came from, so that it can be inspected and replayed
 * ({@code replay-dlt}). A record over the input size cap is parked without its value and headers (it stays on its
 * topic at the original offset): a full copy plus these headers could exceed what the producer or the topic accepts
 * and fail the whole transaction.
 */
public final class DeadLetters {

    /** Why a record is parked; its name in lower case is the {@code dlt-cause} header and the metric's tag. */
    enum Cause {
        /** Not a CloudEvent at all. */
        UNREADABLE,
        /** A billing event on the security topic: replayable onto the events topic as it is. */
        WRONG_TOPIC,
        /** Transient failures outlasted the retry budget. */
        FAILED,
        /** The gateway refused it (credentials, a redirect, a business error): replayable once the cause is fixed. */
        REFUSED,
        /**
         * Not applied because an earlier attempt's quota change may have landed: replayable once an operator has seen
         * on the token that it did not (a replay applies it again), never by default.
         */
        UNTOLD;

        static Optional<Cause> of(ReadResult read, Outcome outcome) {
            if (read instanceof ReadResult.Unreadable) {
                return Optional.of(UNREADABLE);
            }
            if (read instanceof ReadResult.WrongTopic) {
                return Optional.of(WRONG_TOPIC);
            }
            if (outcome.result() == Result.FAILED) {
                return Optional.of(FAILED);
            }
            if (outcome.cannotTell()) {
                return Optional.of(UNTOLD);
            }
            return outcome.refusedByGateway() ? Optional.of(REFUSED) : Optional.empty();
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String RESULT = "dlt-result";
    static final String CAUSE = "dlt-cause";
    static final String REASON = "dlt-reason";
    static final String ORIGINAL_TOPIC = "dlt-original-topic";
    static final String ORIGINAL_PARTITION = "dlt-original-partition";
    static final String ORIGINAL_OFFSET = "dlt-original-offset";
    static final String ATTEMPTS = "dlt-attempts";
    static final String PARKED_AT = "dlt-parked-at";
    static final String ORIGINAL_SIZE = "dlt-original-size";

    private final String topic;
    private final Clock clock;
    private final int maxRecordBytes;

    public DeadLetters(String topic, Clock clock, int maxRecordBytes) {
        this.topic = topic;
        this.clock = clock;
        this.maxRecordBytes = maxRecordBytes;
    }

    ProducerRecord<byte[], byte[]> parked(ConsumerRecord<byte[], byte[]> record, Outcome outcome, Cause cause) {
        long size = RecordSize.of(record);
        ProducerRecord<byte[], byte[]> parked = size <= maxRecordBytes
                ? new ProducerRecord<>(
                        topic,
                        null,
                        record.key(),
                        record.value(),
                        new RecordHeaders(record.headers().toArray()))
                : new ProducerRecord<>(topic, null, RecordKey.bounded(record.key()), null, new RecordHeaders());
        Headers headers = parked.headers();
        if (size > maxRecordBytes) {
            add(headers, ORIGINAL_SIZE, Long.toString(size));
        }
        add(headers, RESULT, outcome.result().name());
        add(headers, CAUSE, cause.tag());
        add(headers, REASON, outcome.reason());
        add(headers, ORIGINAL_TOPIC, record.topic());
        add(headers, ORIGINAL_PARTITION, Integer.toString(record.partition()));
        add(headers, ORIGINAL_OFFSET, Long.toString(record.offset()));
        add(headers, ATTEMPTS, Integer.toString(outcome.attempts()));
        add(headers, PARKED_AT, clock.instant().toString());
        return parked;
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
