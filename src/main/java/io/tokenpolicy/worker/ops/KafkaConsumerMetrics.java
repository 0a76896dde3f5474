package io.tokenpolicy.worker.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * Kafka's own client metrics ({@code kafka_consumer_*}) of every consumer the worker makes, bound as Spring Boot binds
 * them but looked for every {@link #REFRESH} instead of once a minute. The client creates a partition's metrics (its
 * {@code records_lag}, which the dashboard and {@code TokenPolicyPartitionStalled} read) when it first fetches from
 * it; with Micrometer's default a partition gained in a rebalance stayed out of the scrape for up to a minute.
 * Spring Boot's own binding ({@code KafkaMetricsAutoConfiguration}) is excluded so that no consumer is bound twice.
 */
final class KafkaConsumerMetrics implements DefaultKafkaConsumerFactoryCustomizer, AutoCloseable {

    /** How often the set of a consumer's metrics is looked at again; reading one takes microseconds. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "kafka-metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });

    KafkaConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void customize(DefaultKafkaConsumerFactory<?, ?> consumers) {
        bind(consumers);
    }

    private <K, V> void bind(DefaultKafkaConsumerFactory<K, V> consumers) {
        consumers.addListener(new Listener<K, V>(registry, refresh));
    }

    @Override
    public void close() {
        refresh.shutdownNow();
    }

    private static final class Listener<K, V> extends MicrometerConsumerListener<K, V> {

        private final ScheduledExecutorService refresh;

        Listener(MeterRegistry registry, ScheduledExecutorService refresh) {
            super(registry, List.of());
            this.refresh = refresh;
        }

        @Override
        protected MeterBinder createClientMetrics(Consumer<K, V> consumer, List<Tag> tags) {
            return new KafkaClientMetrics(consumer, tags, refresh, REFRESH);
        }
    }
}
