package io.tokenpolicy.worker.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.events.TokenEventReader;
import io.tokenpolicy.worker.ledger.PolicyViewJson;
import io.tokenpolicy.worker.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;

/**
 * The policy's view of every token, read from the policy-view topic to its end as it was when the read began (the
 * latest record of each key; a tombstone ends a token's view). The consumer reads committed records only, and joins no
 * group. A record that cannot be read is logged and skipped.
 */
public final class PolicyViewTopic {

    private static final Logger log = LoggerFactory.getLogger(PolicyViewTopic.class);
    private static final Duration STALLED = Duration.ofSeconds(60);

    private PolicyViewTopic() {}

    public static List<ViewedToken> read(Consumer<byte[], byte[]> consumer, String topic) {
        return read(
                consumer,
                consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList());
    }

    /** The views of these partitions of the topic only. */
    public static List<ViewedToken> read(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<String, ViewedToken> latest = new LinkedHashMap<>();
        Instant progressed = Instant.now();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                progressed = Instant.now();
                String key = TokenEventReader.utf8(record.key());
                if (record.value() == null) {
                    latest.remove(key);
                } else {
                    read(key, record).ifPresent(viewed -> latest.put(key, viewed));
                }
            }
            if (Duration.between(progressed, Instant.now()).compareTo(STALLED) > 0) {
                throw new KafkaException("no progress reading " + partitions + " for " + STALLED);
            }
        }
        return new ArrayList<>(latest.values());
    }

    private static Optional<ViewedToken> read(String key, ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode json = Json.parse(record.value(), "policy view");
            return Optional.of(new ViewedToken(
                    json.path("user_id").asLong(),
                    json.path("token_id").asLong(),
                    PolicyViewJson.read(json),
                    json.path("event").asText(null),
                    json.hasNonNull("at") ? Instant.parse(json.path("at").asText()) : null));
        } catch (RuntimeException unreadable) {
            log.error(
                    "policy view {} at offset {} of {}-{} cannot be read; skipped ({})",
                    Printable.of(key, 200),
                    record.offset(),
                    record.topic(),
                    record.partition(),
                    unreadable.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
