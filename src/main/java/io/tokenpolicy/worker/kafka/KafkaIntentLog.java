package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.IntentLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The intents of one batch's token, on the partition's ledger. A new intent is written and
 * acknowledged by the broker before the write it announces goes to the gateway; settling
 * and closing intents only produces ledger records, published with the batch's outcomes.
 */
final class KafkaIntentLog implements IntentLog {

    private final Producer<byte[], byte[]> producer;
    private final String ledgerTopic;
    private final int partition;
    private final PartitionLedger ledger;
    private final Set<String> batchEventIds;
    private final Duration timeout;
    private final List<Intent> recorded = new ArrayList<>();
    private final List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();

    KafkaIntentLog(Producer<byte[], byte[]> producer, String ledgerTopic, int partition, PartitionLedger ledger,
                   Set<String> batchEventIds, Duration timeout) {
        this.producer = producer;
        this.ledgerTopic = ledgerTopic;
        this.partition = partition;
        this.ledger = ledger;
        this.batchEventIds = batchEventIds;
        this.timeout = timeout;
    }

    @Override
    public void record(Intent intent) {
        try {
            producer.send(LedgerRecords.intent(ledgerTopic, partition, intent)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException("could not record the intent for token " + intent.tokenId()
                    + " on the ledger, so it was not written", failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording an intent", interrupted);
        }
        ledger.intent(intent);
        recorded.add(intent);
    }

    @Override
    public List<Intent> open(long tokenId) {
        return ledger.openIntents(tokenId, batchEventIds);
    }

    /**
     * Closes the intent once each of its events is in this batch or processed before. An intent
     * whose other events are still to come (delivered in another batch, or replayed from the
     * dead-letter topic) stays open, and is settled again by whichever batch carries them.
     */
    @Override
    public void settle(Intent intent) {
        boolean accountedFor = intent.eventIds().stream()
                .allMatch(id -> batchEventIds.contains(id) || ledger.done(id).isPresent());
        if (accountedFor) {
            close(intent);
        }
    }

    /** The ledger records to publish with the batch: intents settled, and this batch's own unless an event of it failed. */
    List<ProducerRecord<byte[], byte[]>> outputs(Set<String> failedEventIds) {
        recorded.stream()
                .filter(intent -> intent.eventIds().stream().noneMatch(failedEventIds::contains))
                .forEach(this::close);
        return outputs;
    }

    private void close(Intent intent) {
        ledger.closeIntent(intent.key());
        outputs.add(LedgerRecords.closeIntent(ledgerTopic, partition, intent.key()));
    }
}
