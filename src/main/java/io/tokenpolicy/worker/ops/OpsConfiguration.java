package io.tokenpolicy.worker.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OpsConfiguration.class);

    @Bean
    WorkerMetrics workerMetrics(MeterRegistry registry) {
        return new WorkerMetrics(registry);
    }

    @Bean
    KafkaConsumerMetrics kafkaConsumerMetrics(MeterRegistry registry) {
        return new KafkaConsumerMetrics(registry);
    }

    @Bean
    Liveness liveness(ApplicationEventPublisher events) {
        return new Liveness(events);
    }

    @Bean
    ConsumerStatus consumerStatus(Clock clock) {
        return new ConsumerStatus(clock);
    }

    @Bean
    MeterBinder consumerGauges(ConsumerStatus status) {
        return registry -> {
            Gauge.builder("token_policy.partitions.paused", status, s -> s.snapshot()
                            .pausedPartitions())
                    .description("partitions whose fetching is paused by back-pressure")
                    .register(registry);
            Gauge.builder("token_policy.records.buffered", status, s -> s.snapshot()
                            .bufferedRecords())
                    .description("records taken from Kafka and not yet committed")
                    .register(registry);
            Gauge.builder("token_policy.records.buffered.bytes", status, s -> s.snapshot()
                            .bufferedBytes())
                    .description("bytes of the records taken and not yet committed, and of the finished ones' outputs")
                    .baseUnit("bytes")
                    .register(registry);
            Gauge.builder("token_policy.consumer.lag", status, s -> s.snapshot().totalLag())
                    .description("records behind the end of the owned partitions, summed")
                    .register(registry);
        };
    }

    @Bean
    RateLimitStatus rateLimitStatus() {
        return new RateLimitStatus();
    }

    @Bean
    MeterBinder rateLimitGauges(RateLimitStatus status) {
        return registry -> {
            Gauge.builder("token_policy.rate_limit.share", status, s -> s.share()
                            .share())
                    .description("the share of the gateway's rate limit this instance takes (1 when kept per instance)")
                    .register(registry);
            Gauge.builder("token_policy.rate_limit.requests", status, s -> s.share()
                            .requests())
                    .description("gateway calls per window this instance takes now, its share of the limit")
                    .register(registry);
        };
    }

    @Bean
    RateLimitHealthIndicator rateLimitHealthIndicator(RateLimitStatus status, Clock clock) {
        return new RateLimitHealthIndicator(status, clock);
    }

    @Bean
    SmartInitializingSingleton shutdownTimeoutsCheck(ConcurrencyProperties concurrency, LifecycleProperties lifecycle) {
        return () -> ShutdownTimeouts.mismatch(concurrency.drainTimeout(), lifecycle.getTimeoutPerShutdownPhase())
                .ifPresent(log::warn);
    }

    @Bean
    ConsumerHealthIndicator consumerHealthIndicator(ConsumerStatus status, ConcurrencyProperties concurrency) {
        return new ConsumerHealthIndicator(status, concurrency);
    }
}
