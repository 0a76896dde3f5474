package io.tokenpolicy.worker.soak;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The worker ledger's records of some tokens, as the topic holds them when read: {@code intent/<token id>/...} and
 * {@code disabled/<user id>/<token id>} (docs/design.md), each with where it lies, when it was written, its key and
 * its value, a tombstone shown as such. Read from the beginning of every partition to its end with a plain consumer,
 * read_committed as the worker restores it.
 */
final class LedgerOfTokens {

    private static final Pattern TOKEN_OF_KEY = Pattern.compile("^(?:intent/(\\d+)/.*|disabled/\\d+/(\\d+))$");

    private LedgerOfTokens() {}

    /** Each token's records, one line each, in each partition's order; a token without records has none. */
    static Map<Long, List<String>> read(String brokers, String topic, Set<Long> tokens) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Map<Long, List<String>> records = new HashMap<>();
        try (KafkaConsumer<String, String> ledger =
                new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = ledger.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            ledger.assign(partitions);
            ledger.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = ledger.endOffsets(partitions);
            await("the ledger " + topic + " read to its end")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : ledger.poll(Duration.ofMillis(200))) {
                            Long token = tokenOf(record.key());
                            if (token != null && tokens.contains(token)) {
                                records.computeIfAbsent(token, of -> new ArrayList<>())
                                        .add(line(record));
                            }
                        }
                        return partitions.stream()
                                .allMatch(partition -> ledger.position(partition) >= ends.get(partition));
                    });
        }
        return records;
    }

    private static Long tokenOf(String key) {
        Matcher token = TOKEN_OF_KEY.matcher(key == null ? "" : key);
        if (!token.matches()) {
            return null;
        }
        return Long.valueOf(token.group(1) != null ? token.group(1) : token.group(2));
    }

    private static String line(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset() + " "
                + Instant.ofEpochMilli(record.timestamp()) + " " + record.key() + " "
                + (record.value() == null ? "(tombstone)" : record.value());
    }
}
