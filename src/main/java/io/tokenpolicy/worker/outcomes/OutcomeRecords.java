package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.events.RecordKey;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Outcomes as records of the outcomes topic, keyed by their token, and as they are logged and counted. */
final class OutcomeRecords {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecords.class);

    private final String outcomesTopic;
    private final WorkerMetrics metrics;

    OutcomeRecords(String outcomesTopic, WorkerMetrics metrics) {
        this.outcomesTopic = outcomesTopic;
        this.metrics = metrics;
    }

    ProducerRecord<byte[], byte[]> record(ConsumerRecord<byte[], byte[]> record, OutcomeInput input, Outcome outcome) {
        byte[] key = outcome.tokenId() == null
                ? RecordKey.bounded(record.key())
                : outcome.tokenId().toString().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(outcomesTopic, key, OutcomeJson.of(outcome, input));
    }

    void counted(Outcome outcome) {
        log(outcome);
        metrics.event(outcome.eventType(), outcome.result().name(), outcome.batchSize());
        if (outcome.result() == Result.DUPLICATE) {
            metrics.duplicateSuppressed("repeated_id");
        }
    }

    /**
     * Every event at debug; rejected and failed ones at info, since someone should look at them. The
     * logging context is set to the outcome's event only when the line is logged.
     */
    private static void log(Outcome outcome) {
        boolean notable = outcome.result() == Result.REJECTED || outcome.result() == Result.FAILED;
        if (notable ? log.isInfoEnabled() : log.isDebugEnabled()) {
            String line = "event {} of type {} for token {}: {} ({})";
            Object[] values = {
                outcome.eventId(), outcome.eventType(), outcome.tokenId(), outcome.result(), outcome.reason()
            };
            EventMdc.around(outcome, () -> {
                if (notable) {
                    log.info(line, values);
                } else {
                    log.debug(line, values);
                }
            });
        }
    }
}
