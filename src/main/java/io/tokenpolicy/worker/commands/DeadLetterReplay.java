package io.tokenpolicy.worker.commands;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads the dead-letter topic up to where it ended when the replay began, and copies the dead letters
 * the options select back onto the events topic. It commits nothing and joins no group: the
 * dead-letter topic is left as it was, so a replay can be repeated or narrowed.
 */
final class DeadLetterReplay {

    private static final Duration STALLED = Duration.ofSeconds(60);

    private final ReplayOptions options;
    private final PrintStream out;

    DeadLetterReplay(ReplayOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    ReplaySummary run() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                KafkaProducer<byte[], byte[]> producer = options.dryRun() ? null : producer()) {
            Map<TopicPartition, Long> end = startAt(consumer);
            ReplaySummary summary = new ReplaySummary();
            AtomicReference<Exception> failure = new AtomicReference<>();
            Instant lastProgress = Instant.now();
            while (!reached(consumer, end)) {
                boolean progressed = false;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    progressed = true;
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        replay(DeadLetter.of(record), producer, summary, failure);
                    }
                }
                lastProgress = progressed ? Instant.now() : lastProgress;
                if (Duration.between(lastProgress, Instant.now()).compareTo(STALLED) > 0) {
                    throw new IllegalStateException("no progress reading " + options.from() + " for " + STALLED);
                }
            }
            if (producer != null) {
                producer.flush();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("sending to " + options.to() + " failed: "
                        + failure.get().getMessage());
            }
            return summary;
        }
    }

    private void replay(
            DeadLetter letter,
            KafkaProducer<byte[], byte[]> producer,
            ReplaySummary summary,
            AtomicReference<Exception> failure) {
        summary.read++;
        if (!options.parkedInRange(letter.parkedAt())) {
            summary.outsideTimeRange++;
        } else if (!options.wantsResult(letter.result(), letter.cause())) {
            summary.otherResult++;
        } else if (!options.wantsType(letter.eventType())) {
            summary.otherType++;
        } else if (options.refusedAsForgotten(letter.parkedAt())) {
            summary.forgotten++;
            out.println("not replaying " + letter.describe() + ": parked longer ago than the dedup window, so whether"
                    + " it took effect is no longer known (--force-older replays it)");
        } else {
            summary.replayed++;
            out.println((options.dryRun() ? "would replay " : "replaying ") + letter.describe());
            if (producer != null) {
                producer.send(letter.replayedTo(options.to()), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
        }
    }

    private Map<TopicPartition, Long> startAt(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(options.from());
        } catch (TimeoutException unanswered) {
            throw new IllegalStateException(
                    "Kafka at " + brokers() + " did not answer (" + unanswered.getMessage() + ")");
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + options.from() + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        if (options.since().isEmpty()) {
            consumer.seekToBeginning(partitions);
            return end;
        }
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(p -> at.put(p, options.since().get().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at);
        partitions.forEach(p -> consumer.seek(
                p, found.get(p) == null ? end.get(p) : found.get(p).offset()));
        return end;
    }

    private String brokers() {
        Object brokers = options.consumer().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return brokers instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(brokers);
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(options.consumer());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(options.producer());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
