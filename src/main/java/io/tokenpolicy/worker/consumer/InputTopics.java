package io.tokenpolicy.worker.consumer;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/** The two topics the worker takes events from: the events topic (both lanes) and the security topic (security only). */
record InputTopics(String events, String security) {

    List<String> both() {
        return List.of(events, security);
    }

    Set<TopicPartition> events(Set<TopicPartition> assigned) {
        return of(events, assigned);
    }

    Set<TopicPartition> security(Set<TopicPartition> assigned) {
        return of(security, assigned);
    }

    /**
     * The security topic's partitions held without the events topic's partition of the same number, which another
     * instance then holds: in a group that still has an instance subscribed to the events topic alone (a version
     * before the security lane, or another security topic configured), the range assignment keeps partition p of
     * both topics together only among the members subscribed to both. Such a partition is not fetched, so that one
     * instance alone acts on partition p's tokens and writes ledger partition p.
     */
    Set<TopicPartition> unpaired(Set<TopicPartition> assigned) {
        Set<Integer> events =
                events(assigned).stream().map(TopicPartition::partition).collect(Collectors.toSet());
        return security(assigned).stream()
                .filter(partition -> !events.contains(partition.partition()))
                .collect(Collectors.toSet());
    }

    private static Set<TopicPartition> of(String topic, Set<TopicPartition> assigned) {
        return assigned.stream().filter(p -> p.topic().equals(topic)).collect(Collectors.toSet());
    }
}
