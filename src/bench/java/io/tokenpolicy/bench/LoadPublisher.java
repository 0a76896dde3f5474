package io.tokenpolicy.bench;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a scenario's events as fast as the broker takes them, as a billing system catching up
 * would, and remembers when each was published. An id published several times (S4) keeps its
 * times in order: its outcomes come back in that order, since one token's records share a partition.
 */
final class LoadPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Map<String, Queue<Long>> publishedAt = new ConcurrentHashMap<>();

    LoadPublisher(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }

    /** Publishes all events and waits for the broker's acknowledgement; returns when the first was sent (ms). */
    long publish(List<PlannedEvent> events) {
        long first = System.currentTimeMillis();
        for (PlannedEvent event : events) {
            publish(event, topic);
        }
        producer.flush();
        return first;
    }

    /** Publishes one event to the given topic without waiting for the broker; returns when it was sent (ms). */
    long publish(PlannedEvent event, String toTopic) {
        long now = System.currentTimeMillis();
        publishedAt
                .computeIfAbsent(event.id(), id -> new ConcurrentLinkedQueue<>())
                .add(now);
        producer.send(new ProducerRecord<>(toTopic, null, now, event.key(), event.value()));
        return now;
    }

    /** When the oldest not yet answered publication of this event id was published, or -1 if none. */
    long takePublishTime(String eventId) {
        Queue<Long> times = eventId == null ? null : publishedAt.get(eventId);
        Long time = times == null ? null : times.poll();
        return time == null ? -1 : time;
    }

    @Override
    public void close() {
        producer.close();
    }
}
