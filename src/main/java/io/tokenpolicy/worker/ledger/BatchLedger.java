package io.tokenpolicy.worker.ledger;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What a batch wrote to its partition's ledger and policy view: intents, security facts, views. */
public record BatchLedger(KafkaIntentLog intents, KafkaSecurityHolds holds, KafkaPolicyViews views) {

    /** The security-facts and view records to publish with this event's outcome. */
    public List<ProducerRecord<byte[], byte[]>> outputsOf(String eventKey) {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(holds.outputsOf(eventKey));
        outputs.addAll(views.outputsOf(eventKey));
        return outputs;
    }
}
