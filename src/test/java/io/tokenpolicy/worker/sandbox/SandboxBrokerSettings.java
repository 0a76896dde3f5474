package io.tokenpolicy.worker.sandbox;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The server properties of a one-node KRaft cluster that acts as broker and controller at once.
 *
 * <p>Every replication factor and minimum ISR is 1 because there is only one node; without that,
 * the consumer-offsets and transaction-state topics could never be created and transactional
 * producers would hang in {@code initTransactions()}.
 */
record SandboxBrokerSettings(String host, int port, int controllerPort, Path logDir) {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    Properties toProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put(
                "listeners",
                "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.putAll(singleNodeTopicDefaults());
        return props;
    }

    private static Properties singleNodeTopicDefaults() {
        Properties props = new Properties();
        props.put("num.partitions", "6");
        props.put("default.replication.factor", "1");
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }
}
