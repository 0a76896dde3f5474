package io.tokenpolicy.worker.consumer;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;

/**
 * The one assignment the worker runs under: partition p of the events topic and of the security topic go to the
 * same member, since both share ledger partition p and a token's records of both lanes must be applied by one
 * instance. The range assignors (the classic protocol's {@link RangeAssignor}, and the broker's {@code range} under
 * the consumer protocol of KIP-848) give co-partitioned topics to one member; round-robin, sticky and the
 * broker's default {@code uniform} do not, so whatever was configured is replaced.
 */
final class CoPartitionedAssignment {

    static final String CONSUMER_PROTOCOL = "consumer";
    static final String REMOTE_RANGE = "range";

    private CoPartitionedAssignment() {}

    static Properties settings(Map<String, Object> configured) {
        Properties settings = new Properties();
        Object protocol = configured.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        if (protocol != null && CONSUMER_PROTOCOL.equals(protocol.toString().toLowerCase(Locale.ROOT))) {
            settings.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, REMOTE_RANGE);
        } else {
            settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        }
        return settings;
    }
}
