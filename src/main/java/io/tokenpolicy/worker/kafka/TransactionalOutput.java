package io.tokenpolicy.worker.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes outcomes, dead letters and ledger entries together with the input offsets they
 * complete, in one Kafka transaction: after a crash an event has its outcome and its offset
 * both, or neither. Used by the polling thread only; a failed transaction is thrown, and the
 * polling loop starts over from the last committed state.
 */
final class TransactionalOutput implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();

    TransactionalOutput(Producer<byte[], byte[]> producer) {
        this.producer = producer;
        producer.initTransactions();
    }

    void add(List<ProducerRecord<byte[], byte[]>> records) {
        pending.addAll(records);
    }

    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        if (pending.isEmpty() && offsets.isEmpty()) {
            return;
        }
        producer.beginTransaction();
        pending.forEach(producer::send);
        if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, group);
        }
        producer.commitTransaction();
        pending.clear();
    }

    @Override
    public void close() {
        producer.close();
    }
}
