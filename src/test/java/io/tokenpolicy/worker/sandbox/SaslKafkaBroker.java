package io.tokenpolicy.worker.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.utils.Time;
import org.springframework.util.FileSystemUtils;

/**
 * A one-node KRaft broker whose only client listener is {@code SASL_PLAINTEXT}, accepting PLAIN
 * (users from its JAAS settings) and SCRAM-SHA-256 (users created through the admin API), so that
 * a test can show the worker connecting with nothing but standard {@code spring.kafka.*} settings.
 */
public final class SaslKafkaBroker implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";
    private static final String LISTENER = "SASL_PLAINTEXT";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;

    private SaslKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /** Starts on a free port of 127.0.0.1; {@code plainUsers} maps the PLAIN users to their passwords. */
    public static SaslKafkaBroker start(Map<String, String> plainUsers) {
        KafkaLogLevels.quietUnlessConfigured();
        try {
            Path dataDir = Files.createTempDirectory("sasl-kafka-");
            int port = freePort();
            var settings = new SandboxBrokerSettings("127.0.0.1", port, freePort(), dataDir.toAbsolutePath());
            KafkaConfig config = KafkaConfig.fromProps(withSasl(settings, plainUsers), false);
            KraftStorage.format(config, settings.logDir());
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new SaslKafkaBroker(server, "127.0.0.1:" + port, dataDir);
        } catch (Exception failed) {
            throw new IllegalStateException("SASL broker failed to start", failed);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client settings of a SASL user, as {@code spring.kafka.properties.*} would pass them. */
    public Map<String, Object> clientSettings(String mechanism, String user, String password) {
        String module = "PLAIN".equals(mechanism)
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "security.protocol",
                LISTENER,
                "sasl.mechanism",
                mechanism,
                "sasl.jaas.config",
                module + " required username=\"" + user + "\" password=\"" + password + "\";");
    }

    /** Creates a SCRAM-SHA-256 user and returns once the broker has it. */
    public void addScramUser(String user, String password) {
        try (Admin admin = Admin.create(Map.copyOf(clientSettings("PLAIN", ADMIN, ADMIN_PASSWORD)))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            admin.describeUserScramCredentials(List.of(user)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception failed) {
            throw new IllegalStateException("could not create SCRAM user " + user, failed);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try {
            FileSystemUtils.deleteRecursively(dataDir);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static Properties withSasl(SandboxBrokerSettings settings, Map<String, String> plainUsers) {
        Properties props = settings.toProperties();
        String controller = SandboxBrokerSettings.CONTROLLER_LISTENER;
        String client = LISTENER + "://" + settings.host() + ":" + settings.port();
        props.put("listeners", client + "," + controller + "://" + settings.host() + ":" + settings.controllerPort());
        props.put("advertised.listeners", client);
        props.put("listener.security.protocol.map", LISTENER + ":" + LISTENER + "," + controller + ":PLAINTEXT");
        props.put("inter.broker.listener.name", LISTENER);
        props.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"")
                .append(ADMIN)
                .append("\" password=\"")
                .append(ADMIN_PASSWORD)
                .append("\"")
                .append(" user_")
                .append(ADMIN)
                .append("=\"")
                .append(ADMIN_PASSWORD)
                .append("\"");
        plainUsers.forEach((user, password) -> plain.append(" user_")
                .append(user)
                .append("=\"")
                .append(password)
                .append("\""));
        props.put(
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                plain.append(";").toString());
        props.put(
                "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        return props;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
