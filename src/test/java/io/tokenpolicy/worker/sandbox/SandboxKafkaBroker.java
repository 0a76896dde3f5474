package io.tokenpolicy.worker.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;
import org.springframework.util.FileSystemUtils;

/**
 * A single-node KRaft Kafka broker, run inside the JVM on a port the caller chooses.
 *
 * <p>Exists because spring-kafka-test's {@code EmbeddedKafkaKraftBroker} always binds random
 * ports, while a sandbox needs an address that outside tools and a second process can be
 * pointed at. The node is broker and controller in one; the controller listener gets a free
 * port of its own, which nothing outside needs to know. Transactions work: all internal topics
 * have replication factor 1.
 */
public final class SandboxKafkaBroker implements AutoCloseable {

    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean ownsDataDir;

    private SandboxKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean ownsDataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /** Starts on {@code host:port} with a temporary data directory that {@link #close()} deletes. */
    public static SandboxKafkaBroker start(String host, int port) {
        try {
            return start(host, port, Files.createTempDirectory("sandbox-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on {@code host:port}, formatting {@code dataDir}, which must be empty or absent and is kept on close. */
    public static SandboxKafkaBroker start(String host, int port, Path dataDir) {
        return start(host, port, dataDir, false);
    }

    private static SandboxKafkaBroker start(String host, int port, Path dataDir, boolean ownsDataDir) {
        KafkaLogLevels.quietUnlessConfigured();
        var settings = new SandboxBrokerSettings(host, port, freePort(host), dataDir.toAbsolutePath());
        try {
            KafkaConfig config = KafkaConfig.fromProps(settings.toProperties(), false);
            KraftStorage.format(config, settings.logDir());
            var server = new KafkaRaftServer(config, Time.SYSTEM);
            var broker = new SandboxKafkaBroker(server, host + ":" + port, dataDir, ownsDataDir);
            broker.startServer();
            return broker;
        } catch (Exception e) {
            deleteIf(ownsDataDir, dataDir);
            throw new IllegalStateException("Sandbox Kafka broker failed to start on " + host + ":" + port, e);
        }
    }

    private void startServer() {
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates topics with replication factor 1 and waits until the broker has them. */
    public void createTopics(Map<String, Integer> partitionsByName) {
        List<NewTopic> topics = partitionsByName.entrySet().stream()
                .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + partitionsByName.keySet(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics " + partitionsByName.keySet(), e);
        }
    }

    /** Stops the node, releasing both ports, and deletes the data directory if it was temporary. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        deleteIf(ownsDataDir, dataDir);
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the controller listener on " + host, e);
        }
    }

    private static void deleteIf(boolean owned, Path dir) {
        try {
            if (owned) {
                FileSystemUtils.deleteRecursively(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete sandbox data directory " + dir, e);
        }
    }
}
