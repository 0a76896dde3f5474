package io.tokenpolicy.worker.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats a log directory the way {@code kafka-storage.sh format} does, because a KRaft node
 * refuses to start on a directory without {@code meta.properties} and a bootstrap checkpoint.
 */
final class KraftStorage {

    private KraftStorage() {}

    static void format(KafkaConfig config, Path logDir) throws Exception {
        requireEmpty(logDir);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(config.nodeId())
                .setControllerListenerName(SandboxBrokerSettings.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    private static void requireEmpty(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        try (Stream<Path> entries = Files.list(logDir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException("Sandbox broker needs an empty data directory: " + logDir);
            }
        }
    }
}
