package io.tokenpolicy.worker.consumer;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What must stay in order: the records of one partition with one key (one token). Records
 * without a key have no order to keep and each stand alone.
 */
record OrderingKey(TopicPartition partition, String key) {

    static OrderingKey of(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        String key = record.key() == null
                ? "@" + record.offset()
                : "k" + new String(record.key(), StandardCharsets.ISO_8859_1);
        return new OrderingKey(partition, key);
    }
}
