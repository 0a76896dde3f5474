package io.tokenpolicy.bench.pc;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.tokenpolicy.bench.baseline.BaselineArgs;
import io.tokenpolicy.bench.baseline.BaselineHandler;
import io.tokenpolicy.bench.baseline.BaselineTokenApi;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Baseline 2: Confluent Parallel Consumer in KEY order with the worker's in-flight limit, the
 * library a user would pick for per-key concurrency instead of this worker. It does exactly the
 * plain listener's work per record ({@link BaselineHandler}) and lets the library produce the outcome.
 * Lives outside {@code src/test/java} because the library is a dependency of the bench profile only.
 */
public final class ParallelConsumerBench {

    private ParallelConsumerBench() {}

    public static void main(String[] argv) throws InterruptedException {
        BaselineArgs args = BaselineArgs.parse(argv);
        BaselineHandler handler = new BaselineHandler(BaselineTokenApi.from(args), args.outcomesTopic());
        ParallelStreamProcessor<byte[], byte[]> processor =
                ParallelStreamProcessor.createEosStreamProcessor(ParallelConsumerOptions.<byte[], byte[]>builder()
                        .ordering(ProcessingOrder.KEY)
                        .maxConcurrency(args.integer("concurrency"))
                        .ignoreReflectiveAccessExceptionsForAutoCommitDisabledCheck(true)
                        .consumer(new KafkaConsumer<>(args.consumerConfig()))
                        .producer(new KafkaProducer<>(producerConfig(args)))
                        .build());
        processor.subscribe(List.of(args.eventsTopic()));
        processor.pollAndProduce(context -> handler.handle(context.getSingleConsumerRecord()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static Map<String, Object> producerConfig(BaselineArgs args) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                args.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class);
    }
}
