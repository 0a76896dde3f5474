package io.tokenpolicy.worker.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The copy of a record that {@link PartitionRule} sends to its token's partition: key, value, timestamp and
 * headers unchanged, plus a header naming where the record was first found, so that its outcome still leads
 * back to it. A copy forwarded again (after the partition count changed) keeps the first place.
 */
public final class Forwarding {

    static final String FORWARDED_FROM = "token-policy-forwarded-from";
    /** The longest value a header written here can have ({@code partition:offset}). */
    static final int MAX_HEADER_VALUE = 31;

    private Forwarding() {}

    /** Where a record was first published, as a forwarded copy names it. */
    public record Origin(int partition, long offset) {}

    public static ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> record, int partition) {
        Origin first = origin(record).orElse(new Origin(record.partition(), record.offset()));
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove(FORWARDED_FROM);
        headers.add(FORWARDED_FROM, (first.partition() + ":" + first.offset()).getBytes(StandardCharsets.US_ASCII));
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
        return new ProducerRecord<>(record.topic(), partition, timestamp, record.key(), record.value(), headers);
    }

    /** The place a forwarded copy names; empty for a record as its producer published it, or a header not written here. */
    public static Optional<Origin> origin(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(FORWARDED_FROM);
        if (!isForwardingHeader(header)) {
            return Optional.empty();
        }
        String value = new String(header.value(), StandardCharsets.US_ASCII);
        int colon = value.indexOf(':');
        try {
            return Optional.of(new Origin(
                    Integer.parseInt(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1))));
        } catch (RuntimeException notWrittenHere) {
            return Optional.empty();
        }
    }

    /** A header this worker writes: not counted against the input cap, so that a copy is read as its original was. */
    static boolean isForwardingHeader(Header header) {
        return header != null
                && FORWARDED_FROM.equals(header.key())
                && header.value() != null
                && header.value().length <= MAX_HEADER_VALUE;
    }
}
