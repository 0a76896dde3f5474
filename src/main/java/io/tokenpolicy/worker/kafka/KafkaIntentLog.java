package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.Intent;
import io.tokenpolicy.worker.apply.IntentLog;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;

/**
 * Intents of one partition's tokens, written to the partition's ledger and acknowledged by
 * the broker before the write they announce is sent to the gateway.
 */
final class KafkaIntentLog implements IntentLog {

    private final Producer<byte[], byte[]> producer;
    private final String ledgerTopic;
    private final int partition;
    private final PartitionLedger ledger;
    private final Duration timeout;

    KafkaIntentLog(Producer<byte[], byte[]> producer, String ledgerTopic, int partition, PartitionLedger ledger,
                   Duration timeout) {
        this.producer = producer;
        this.ledgerTopic = ledgerTopic;
        this.partition = partition;
        this.ledger = ledger;
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
    }

    @Override
    public Optional<Intent> openFor(Collection<String> eventIds) {
        return ledger.openIntentFor(eventIds);
    }
}
