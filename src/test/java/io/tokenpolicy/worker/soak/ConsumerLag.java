package io.tokenpolicy.worker.soak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What a consumer group has left to do: the records of its topics past its committed offsets, and their ends. */
final class ConsumerLag {

    private ConsumerLag() {}

    /** The group's lag over every partition of the topics. */
    static long of(Admin admin, String group, List<String> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        return ends(admin, topics).entrySet().stream()
                .mapToLong(end -> {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    return end.getValue() - (at == null ? 0 : at.offset());
                })
                .sum();
    }

    /** The end offset of every partition of the topics. */
    static Map<TopicPartition, Long> ends(Admin admin, List<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                .forEach(partition ->
                        latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
        return ends;
    }
}
