package io.tokenpolicy.worker.consumer;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What must stay in order: the records with one key (one token) in partition {@code partition} of either input
 * topic. The events topic and the security topic are partitioned alike, so a token's records of both lanes share
 * this key, and two threads never act on one token. Records without a key have no order to keep and each stand
 * alone.
 */
record OrderingKey(int partition, String key) {

    static OrderingKey of(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null
                ? "@" + record.topic() + "@" + record.offset()
                : "k" + new String(record.key(), StandardCharsets.ISO_8859_1);
        return new OrderingKey(record.partition(), key);
    }
}
