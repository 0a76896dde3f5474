package io.tokenpolicy.worker.outcomes;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A record whose work is done, and what must be published for it (its outcome, perhaps a
 * dead letter, its ledger entries; or, when {@code forwarded}, only its copy on its token's
 * partition, where it gets its outcome) in the same transaction as its offset; or, when
 * {@code handedOver}, a record whose work stopped because its partition is being handed over:
 * nothing is published and its offset is not committed, so the next owner applies it.
 */
public record Finished(
        ConsumerRecord<byte[], byte[]> record,
        List<ProducerRecord<byte[], byte[]>> outputs,
        boolean handedOver,
        boolean forwarded) {

    public Finished {
        outputs = List.copyOf(outputs);
    }

    public Finished(ConsumerRecord<byte[], byte[]> record, List<ProducerRecord<byte[], byte[]>> outputs) {
        this(record, outputs, false, false);
    }

    public static Finished handedOver(ConsumerRecord<byte[], byte[]> record) {
        return new Finished(record, List.of(), true, false);
    }

    static Finished forwarded(ConsumerRecord<byte[], byte[]> record, ProducerRecord<byte[], byte[]> copy) {
        return new Finished(record, List.of(copy), false, true);
    }
}
