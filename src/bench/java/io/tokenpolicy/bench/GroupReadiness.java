package io.tokenpolicy.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * Tells when an implementation is ready to be timed: its consumer group is stable and owns every
 * partition of the event topic. Asked of the broker, so it needs nothing from the implementation,
 * and the clock starts with the first event, not with a JVM's start-up.
 */
final class GroupReadiness {

    private GroupReadiness() {}

    static void await(
            String bootstrapServers,
            String group,
            String topic,
            int partitions,
            Duration timeout,
            BooleanSupplier alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (!ready(admin, group, topic, partitions)) {
                if (!alive.getAsBoolean()) {
                    throw new IllegalStateException("the implementation's JVM exited before it consumed");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("group " + group + " did not take all partitions in " + timeout);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for group " + group, interrupted);
        }
    }

    private static boolean ready(Admin admin, String group, String topic, int partitions) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(group);
            long assigned = description.members().stream()
                    .flatMap(member -> member.assignment().topicPartitions().stream())
                    .filter(partition -> partition.topic().equals(topic))
                    .count();
            return description.groupState() == GroupState.STABLE && assigned == partitions;
        } catch (Exception notYet) {
            return false;
        }
    }
}
