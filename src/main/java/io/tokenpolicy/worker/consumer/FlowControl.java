package io.tokenpolicy.worker.consumer;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Back-pressure: while too many records of some partitions are unfinished, stop fetching them; resume below the cap. */
final class FlowControl {

    private FlowControl() {}

    static void apply(Consumer<?, ?> consumer, Set<TopicPartition> partitions, boolean full) {
        if (full) {
            consumer.pause(partitions);
            return;
        }
        Set<TopicPartition> paused = new HashSet<>(consumer.paused());
        paused.retainAll(partitions);
        if (!paused.isEmpty()) {
            consumer.resume(paused);
        }
    }
}
