package io.tokenpolicy.worker.policy;

import org.apache.kafka.common.TopicPartition;

/** A policy class with a forbidden import, for RoomsTest to show that its rule catches one. */
public final class KafkaInThePolicySample {

    private KafkaInThePolicySample() {}

    static String where(TopicPartition partition) {
        return partition.topic();
    }
}
