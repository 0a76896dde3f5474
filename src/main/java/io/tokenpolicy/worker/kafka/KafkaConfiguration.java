package io.tokenpolicy.worker.kafka;

import io.tokenpolicy.worker.apply.GatewayCircuit;
import io.tokenpolicy.worker.apply.TokenEventApplier;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.InputProperties;
import io.tokenpolicy.worker.config.LedgerProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.config.TopicsProperties;
import io.tokenpolicy.worker.ops.ConsumerStatus;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    TokenEventHandler tokenEventHandler(TokenEventApplier applier, RuleSet rules, TopicsProperties topics,
                                        TokenApiProperties api, InputProperties input,
                                        ProducerFactory<byte[], byte[]> producers, Clock clock, WorkerMetrics metrics) {
        InputLimits.requireParkable(input, producers.getConfigurationProperties());
        RecordOutputs outputs = new RecordOutputs(topics.outcomes(), topics.ledger(),
                new DeadLetters(topics.deadLetter(), clock, input.maxRecordBytes()), clock, metrics);
        return new TokenEventHandler(new TokenEventReader(input, Optional.of(api.userId()), rules.schemas()), applier,
                outputs, clock);
    }

    @Bean
    TokenEventConsumers tokenEventConsumers(ConsumerFactory<byte[], byte[]> consumers,
                                            ProducerFactory<byte[], byte[]> producers, KafkaAdmin admin,
                                            TokenEventHandler handler, TopicsProperties topics,
                                            ConcurrencyProperties concurrency, LedgerProperties ledger,
                                            GatewayCircuit circuit, Clock clock, WorkerMetrics metrics,
                                            ConsumerStatus status) {
        return new TokenEventConsumers(() -> new TokenEventConsumer(
                consumers.createConsumer(),
                new TransactionalOutput(producer(producers, "token-policy-worker-" + UUID.randomUUID()),
                        new PublishLatency(metrics, clock)),
                new Ledgers(producer(producers, null), topics.ledger(), ledger.dedupWindow(), ledger.sendTimeout()),
                new LedgerRestorer(Admin.create(admin.getConfigurationProperties()), consumers.createConsumer(),
                        topics.ledger(), ledger.dedupWindow(), ledger.restoreTimeout(), clock),
                topics.events(), concurrency, handler, () -> !circuit.isClosed(), status));
    }

    @Bean
    MissingTopics missingTopics(KafkaAdmin admin, TopicsProperties topics, LedgerProperties ledger) {
        return new MissingTopics(admin, topics, ledger.dedupWindow());
    }

    /**
     * A producer with every {@code spring.kafka.producer.*} setting: transactional when given an
     * id, otherwise (for intents, which a gateway call waits for) sending without delay.
     */
    private static Producer<byte[], byte[]> producer(ProducerFactory<byte[], byte[]> producers, String transactionalId) {
        Map<String, Object> settings = new HashMap<>(producers.getConfigurationProperties());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        } else {
            settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        }
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
