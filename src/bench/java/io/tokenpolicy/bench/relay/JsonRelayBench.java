package io.tokenpolicy.bench.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.bench.baseline.BaselineArgs;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The S4 baseline: the least a Kafka-to-Kafka service can do per record (consume, parse the
 * JSON, produce a JSON outcome, commit), with the worker's delivery settings (read_committed,
 * acks=all, and transactions when {@code --transactional=true}). A worker that answers
 * duplicates without calling the gateway should come close to it.
 */
public final class JsonRelayBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRelayBench() {}

    public static void main(String[] argv) throws InterruptedException {
        BaselineArgs args = BaselineArgs.parse(argv);
        boolean transactional = args.flag("transactional");
        var consumer = new KafkaConsumer<byte[], byte[]>(args.consumerConfig());
        var producer = new KafkaProducer<byte[], byte[]>(producerConfig(args, transactional));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.wakeup();
            awaitQuietly(stopped);
        }));
        try (consumer;
                producer) {
            if (transactional) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(args.eventsTopic()));
            relay(consumer, producer, args.outcomesTopic(), transactional);
        } catch (WakeupException stopping) {
            // shut down by the benchmark
        } finally {
            stopped.countDown();
        }
    }

    private static void relay(
            KafkaConsumer<byte[], byte[]> consumer,
            KafkaProducer<byte[], byte[]> producer,
            String outcomes,
            boolean transactional) {
        while (true) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                continue;
            }
            if (transactional) {
                producer.beginTransaction();
            }
            records.forEach(record -> producer.send(new ProducerRecord<>(outcomes, record.key(), outcome(record))));
            if (transactional) {
                producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
                producer.commitTransaction();
            } else {
                producer.flush();
                consumer.commitSync(nextOffsets(records));
            }
        }
    }

    private static byte[] outcome(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode event = JSON.readTree(record.value());
            return JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("event_id", event.path("id").asText(null))
                    .put("event_type", event.path("type").asText(null))
                    .put("token_id", event.path("data").path("token_id").asLong())
                    .put("result", "RELAYED")
                    .put("api_calls", 0));
        } catch (IOException unreadable) {
            return "{\"result\":\"REJECTED\"}".getBytes();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            offsets.put(
                    partition, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static Map<String, Object> producerConfig(BaselineArgs args, boolean transactional) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                args.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        if (transactional) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, args.groupId() + "-relay");
        }
        return config;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
