package io.tokenpolicy.worker.sandbox;

import java.util.List;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Turns the Kafka server down to WARN, since at INFO it prints several hundred lines per start.
 * Loggers that already have a level configured are left alone, so the project's logging
 * configuration always wins.
 */
final class KafkaLogLevels {

    private static final List<String> KAFKA_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private KafkaLogLevels() {}

    static void quietUnlessConfigured() {
        LoggingSystem logging = LoggingSystem.get(KafkaLogLevels.class.getClassLoader());
        for (String name : KAFKA_LOGGERS) {
            LoggerConfiguration current = logging.getLoggerConfiguration(name);
            if (current == null || current.getConfiguredLevel() == null) {
                logging.setLogLevel(name, LogLevel.WARN);
            }
        }
    }
}
