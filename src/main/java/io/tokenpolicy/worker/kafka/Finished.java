package io.tokenpolicy.worker.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A record whose work is done, and what must be published for it (its outcome, perhaps a
 * dead letter, its ledger entries) in the same transaction as its offset.
 */
record Finished(ConsumerRecord<byte[], byte[]> record, List<ProducerRecord<byte[], byte[]>> outputs) {

    Finished {
        outputs = List.copyOf(outputs);
    }
}
