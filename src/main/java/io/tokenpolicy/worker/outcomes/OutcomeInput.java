package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.events.ReadResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What an outcome names as its input, so that it leads back to its record even when the event's id was
 * unusable: the event's {@code source} (null when it could not be told) and the record it was decided on,
 * with the place a forwarded copy was first published. No record when the explain command read a file.
 */
public record OutcomeInput(String source, ConsumerRecord<byte[], byte[]> record) {

    static OutcomeInput of(ReadResult read, ConsumerRecord<byte[], byte[]> record) {
        return new OutcomeInput(read.identity().source(), record);
    }
}
