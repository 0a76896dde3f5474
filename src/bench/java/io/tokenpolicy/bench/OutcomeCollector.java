package io.tokenpolicy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the outcome topic as a downstream consumer would (read_committed, from the start) and
 * keeps, per phase, how many outcomes were seen, with which result, when the last one was seen,
 * and each one's end-to-end latency: time seen minus the time its event was published; and when
 * each top-up's outcome was seen, for S5's billing rate while its incidents are applied.
 */
final class OutcomeCollector implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOP_UP = "billing.topup";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LoadPublisher publisher;
    private final Thread thread;
    private volatile boolean running = true;
    private Phase phase = new Phase();

    OutcomeCollector(String bootstrapServers, String topic, int partitions, LoadPublisher publisher) {
        this.publisher = publisher;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        List<TopicPartition> assigned = IntStream.range(0, partitions)
                .mapToObj(partition -> new TopicPartition(topic, partition))
                .toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        thread = new Thread(this::run, "bench-outcomes");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts counting afresh (the warm-up's outcomes are not part of the timed phase). */
    synchronized void newPhase() {
        phase = new Phase();
    }

    synchronized long outcomes() {
        return phase.outcomes;
    }

    /** Outcomes of top-ups seen from {@code fromMs} (inclusive) to {@code toMs} (exclusive), in this phase. */
    synchronized long topUpsSeenBetween(long fromMs, long toMs) {
        return phase.topUpsSeenMs.stream()
                .filter(seen -> seen >= fromMs && seen < toMs)
                .count();
    }

    /** What was seen since the phase began, latencies sorted. */
    synchronized Seen seen() {
        long[] latencies =
                phase.latenciesMs.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Seen(phase.outcomes, phase.lastSeenMs, Map.copyOf(phase.results), latencies);
    }

    private void run() {
        while (running) {
            var records = consumer.poll(Duration.ofMillis(50));
            long seen = System.currentTimeMillis();
            synchronized (this) {
                records.forEach(record -> count(record, seen));
            }
        }
        consumer.close();
    }

    private void count(ConsumerRecord<byte[], byte[]> record, long seen) {
        JsonNode outcome = parse(record.value());
        long published = publisher.takePublishTime(outcome.path("event_id").asText(null));
        phase.outcomes++;
        phase.lastSeenMs = seen;
        phase.results.merge(outcome.path("result").asText("?"), 1L, Long::sum);
        if (TOP_UP.equals(outcome.path("event_type").asText())) {
            phase.topUpsSeenMs.add(seen);
        }
        if (published >= 0) {
            phase.latenciesMs.add(seen - published);
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException | RuntimeException unreadable) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The outcomes of a phase: how many, when the last was seen, by result, latencies sorted (ms). */
    record Seen(long outcomes, long lastSeenMs, Map<String, Long> results, long[] latenciesMs) {

        /** The latency below which the given fraction of outcomes came; -1 without any. */
        long latencyPercentile(double fraction) {
            if (latenciesMs.length == 0) {
                return -1;
            }
            int index = (int) Math.ceil(fraction * latenciesMs.length) - 1;
            return latenciesMs[Math.max(0, Math.min(latenciesMs.length - 1, index))];
        }
    }

    private static final class Phase {
        long outcomes;
        long lastSeenMs;
        final Map<String, Long> results = new TreeMap<>();
        final List<Long> latenciesMs = new ArrayList<>();
        final List<Long> topUpsSeenMs = new ArrayList<>();
    }
}
