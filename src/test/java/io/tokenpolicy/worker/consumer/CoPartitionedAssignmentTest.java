package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CoPartitionedAssignmentTest {

    private static final String EVENTS = "token-events";
    private static final String SECURITY = "token-security-events";
    private static final int PARTITIONS = 6;

    private static final InputTopics TOPICS = new InputTopics(EVENTS, SECURITY);

    @Test
    void inAGroupOfThisVersionPartitionPOfBothTopicsGoesToOneMember() throws ReflectiveOperationException {
        Map<String, Subscription> members = new HashMap<>();
        members.put("a", new Subscription(List.of(EVENTS, SECURITY)));
        members.put("b", new Subscription(List.of(EVENTS, SECURITY)));
        members.put("c", new Subscription(List.of(EVENTS, SECURITY)));

        Map<String, ConsumerPartitionAssignor.Assignment> assignment = assign(members);

        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(ownerOf(assignment, new TopicPartition(SECURITY, p)))
                    .as("owner of %s-%d", SECURITY, p)
                    .isEqualTo(ownerOf(assignment, new TopicPartition(EVENTS, p)));
        }
        assignment.values().forEach(member -> assertThat(TOPICS.unpaired(new HashSet<>(member.partitions())))
                .isEmpty());
    }

    /**
     * A rolling upgrade onto the security lane: for a while the group holds an instance of the version before,
     * subscribed to the events topic alone, next to one of this version, subscribed to both. The range assignment
     * then splits partition p of the two topics; the security partitions whose events partition went elsewhere are
     * the ones left unfetched, so that one instance alone acts on each partition's tokens.
     */
    @Test
    void whileAnInstanceOfTheVersionBeforeHoldsEventsPartitionPTheSecurityPartitionPIsUnpaired()
            throws ReflectiveOperationException {
        Map<String, Subscription> members = new HashMap<>();
        members.put("a-before-the-lane", new Subscription(List.of(EVENTS)));
        members.put("b-with-the-lane", new Subscription(List.of(EVENTS, SECURITY)));

        Map<String, ConsumerPartitionAssignor.Assignment> assignment = assign(members);
        Set<TopicPartition> held =
                new HashSet<>(assignment.get("b-with-the-lane").partitions());

        Set<TopicPartition> split = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            if (!"b-with-the-lane".equals(ownerOf(assignment, new TopicPartition(EVENTS, p)))) {
                split.add(new TopicPartition(SECURITY, p));
            }
        }
        assertThat(split).as("the range assignment splits some partitions").isNotEmpty();
        assertThat(TOPICS.unpaired(held)).isEqualTo(split);
    }

    private static Map<String, ConsumerPartitionAssignor.Assignment> assign(Map<String, Subscription> members)
            throws ReflectiveOperationException {
        return assignor().assign(cluster(), new GroupSubscription(members)).groupAssignment();
    }

    private static ConsumerPartitionAssignor assignor() throws ReflectiveOperationException {
        String name = CoPartitionedAssignment.settings(Map.of())
                .getProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        return (ConsumerPartitionAssignor)
                Class.forName(name).getDeclaredConstructor().newInstance();
    }

    private static String ownerOf(Map<String, ConsumerPartitionAssignor.Assignment> assignment, TopicPartition p) {
        return assignment.entrySet().stream()
                .filter(member -> member.getValue().partitions().contains(p))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private static Cluster cluster() {
        Node broker = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (String topic : List.of(EVENTS, SECURITY)) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new PartitionInfo(topic, p, broker, new Node[] {broker}, new Node[] {broker}));
            }
        }
        return new Cluster("cluster", List.of(broker), partitions, Set.of(), Set.of());
    }
}
