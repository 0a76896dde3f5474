package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.config.LedgerProperties;
import io.tokenpolicy.worker.config.TopicsProperties;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * What {@code replay-dlt} was asked to do, from its settings at the moment it runs: where to read and write, with
 * which Kafka client settings, and which dead letters to take.
 */
record ReplayOptions(
        Map<String, Object> consumer,
        Map<String, Object> producer,
        String from,
        String to,
        Optional<Instant> since,
        Optional<Instant> until,
        Set<String> types,
        Set<ResultFilter> results,
        boolean dryRun,
        Instant forgottenBefore,
        boolean forceOlder) {

    ReplayOptions {
        consumer = Map.copyOf(consumer);
        producer = Map.copyOf(producer);
        types = types.stream().filter(type -> type != null && !type.isBlank()).collect(Collectors.toUnmodifiableSet());
        results = results.stream().filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }

    static ReplayOptions of(
            ReplayProperties replay,
            TopicsProperties topics,
            LedgerProperties ledger,
            KafkaProperties kafka,
            Clock clock) {
        Map<String, Object> client = clientProperties(replay.commandConfig());
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.putAll(client);
        consumer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.putAll(client);
        producer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        return new ReplayOptions(
                consumer,
                producer,
                topics.deadLetter(),
                topics.events(),
                Optional.ofNullable(replay.since()).map(bound -> bound.instant(clock)),
                Optional.ofNullable(replay.until()).map(bound -> bound.instant(clock)),
                replay.type(),
                replay.result(),
                replay.dryRun(),
                clock.instant().minus(ledger.dedupWindow()),
                replay.forceOlder());
    }

    /**
     * Whether a dead letter parked then is refused: longer ago than the ledger's dedup window, the intents and
     * processed entries that would tell that its write landed have expired, unless {@code --force-older}.
     */
    boolean refusedAsForgotten(Instant parkedAt) {
        return !forceOlder && parkedAt.isBefore(forgottenBefore);
    }

    /** Whether a dead letter parked with this result and cause ({@code dlt-result}, {@code dlt-cause}) is wanted. */
    boolean wantsResult(String result, String cause) {
        return results.stream().anyMatch(wanted -> wanted.takes(result, cause));
    }

    boolean wantsType(String type) {
        return types.isEmpty() || (type != null && types.contains(type));
    }

    boolean parkedInRange(Instant parkedAt) {
        return since.map(s -> !parkedAt.isBefore(s)).orElse(true)
                && until.map(parkedAt::isBefore).orElse(true);
    }

    private static Map<String, Object> clientProperties(Path file) {
        Map<String, Object> properties = new HashMap<>();
        if (file == null) {
            return properties;
        }
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            loaded.load(reader);
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("--command-config: cannot read " + file + ": "
                    + unreadable.getClass().getSimpleName());
        }
        loaded.forEach((name, value) -> properties.put(name.toString(), value));
        return properties;
    }
}
