package io.tokenpolicy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Logging for the baselines that have no Spring Boot to configure it: logback's default is DEBUG
 * for everything, which would measure the Kafka client's debug output instead of the baseline.
 */
final class BenchLogging {

    private static final String CONFIG = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.kafka" level="WARN"/>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private BenchLogging() {}

    static Path baselineConfig(Path dir) {
        Path file = dir.resolve("logback-baseline.xml");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, CONFIG);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
