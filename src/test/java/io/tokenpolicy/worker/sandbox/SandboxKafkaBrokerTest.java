package io.tokenpolicy.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RunsBesideOthers
class SandboxKafkaBrokerTest {

    private static final String HOST = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static int port;
    private static SandboxKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        port = freePort();
        broker = SandboxKafkaBroker.start(HOST, port);
    }

    @AfterAll
    static void stopBrokerAndReleasePort() throws IOException {
        broker.close();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void listensOnTheRequestedPort() {
        assertThat(broker.bootstrapServers()).isEqualTo(HOST + ":" + port);
    }

    @Test
    void createsTopicWithRequestedPartitions() throws Exception {
        broker.createTopics(Map.of("three-partitions", 3));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var topics = admin.describeTopics(List.of("three-partitions"))
                    .allTopicNames()
                    .get();
            assertThat(topics.get("three-partitions").partitions()).hasSize(3);
        }
    }

    @Test
    void consumerReceivesWhatPlainProducerSent() throws Exception {
        broker.createTopics(Map.of("plain", 3));
        try (var producer = new KafkaProducer<String, String>(producerProps(Map.of()))) {
            producer.send(new ProducerRecord<>("plain", "token-1", "hello")).get();
        }

        assertThat(consumeOne("plain", "read_uncommitted").value()).isEqualTo("hello");
    }

    @Test
    void readCommittedConsumerSeesCommittedTransaction() {
        broker.createTopics(Map.of("transactional", 3));
        var txProps = Map.<String, Object>of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sandbox-tx");
        try (var producer = new KafkaProducer<String, String>(producerProps(txProps))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "token-2", "committed"));
            producer.commitTransaction();
        }

        assertThat(consumeOne("transactional", "read_committed").value()).isEqualTo("committed");
    }

    @Test
    void refusesDataDirectoryThatIsNotEmpty(@TempDir Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve("leftover"), "x");

        assertThatIllegalStateException()
                .isThrownBy(() -> SandboxKafkaBroker.start(HOST, freePort(), dataDir))
                .withStackTraceContaining("needs an empty data directory");
    }

    private ConsumerRecord<String, String> consumeOne(String topic, String isolation) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(consumerProps(isolation))) {
            consumer.subscribe(List.of(topic));
            await("a record on " + topic).atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }
        return received.get(0);
    }

    private static Map<String, Object> producerProps(Map<String, Object> extra) {
        var props = new HashMap<String, Object>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        props.putAll(extra);
        return props;
    }

    private static Map<String, Object> consumerProps(String isolation) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "sandbox-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
