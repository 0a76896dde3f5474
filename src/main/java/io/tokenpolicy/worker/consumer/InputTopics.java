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

    private static Set<TopicPartition> of(String topic, Set<TopicPartition> assigned) {
        return assigned.stream().filter(p -> p.topic().equals(topic)).collect(Collectors.toSet());
    }
}
