package io.tokenpolicy.worker.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record's size as the input cap counts it: key, value, and each header's name and value, but for the
 * header the worker adds to a record it forwards (so that the copy is within the cap exactly when the original was).
 */
public final class RecordSize {

    private static final int PER_HEADER = 4;

    private RecordSize() {}

    public static long of(ConsumerRecord<byte[], byte[]> record) {
        long size = length(record.key()) + length(record.value());
        for (Header header : record.headers()) {
            if (Forwarding.isForwardingHeader(header)) {
                continue;
            }
            size += PER_HEADER + header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
