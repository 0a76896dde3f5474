package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.GatewayCircuit;
import io.tokenpolicy.worker.apply.RateLimitShare;
import io.tokenpolicy.worker.apply.TokenEventApplier;
import io.tokenpolicy.worker.apply.TokenList;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.DriftProperties;
import io.tokenpolicy.worker.config.DryRunProperties;
import io.tokenpolicy.worker.config.InputProperties;
import io.tokenpolicy.worker.config.LaunchedCommand;
import io.tokenpolicy.worker.config.LedgerProperties;
import io.tokenpolicy.worker.config.RateLimitProperties;
import io.tokenpolicy.worker.config.SecurityLaneProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.config.TopicsProperties;
import io.tokenpolicy.worker.drift.DriftSweep;
import io.tokenpolicy.worker.drift.GrouplessReader;
import io.tokenpolicy.worker.events.EventTypePeek;
import io.tokenpolicy.worker.events.PartitionRule;
import io.tokenpolicy.worker.events.TokenEventReader;
import io.tokenpolicy.worker.ledger.LedgerRestorer;
import io.tokenpolicy.worker.ledger.LedgerVersions;
import io.tokenpolicy.worker.ledger.Ledgers;
import io.tokenpolicy.worker.ops.ConsumerStatus;
import io.tokenpolicy.worker.ops.Liveness;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.outcomes.DeadLetters;
import io.tokenpolicy.worker.outcomes.PublishLatency;
import io.tokenpolicy.worker.outcomes.RecordOutputs;
import io.tokenpolicy.worker.outcomes.TransactionalOutput;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/** The worker's Kafka side; absent when the worker only explains one event. */
@Configuration(proxyBeanMethods = false)
@Conditional(LaunchedCommand.None.class)
class KafkaConfiguration {

    @Bean
    TokenEventHandler tokenEventHandler(
            TokenEventApplier applier,
            RuleSet rules,
            TopicsProperties configured,
            TokenApiProperties api,
            InputProperties input,
            ProducerFactory<byte[], byte[]> producers,
            DryRunProperties mode,
            PartitionRule partitionRule,
            LaneOf lanes,
            Clock clock,
            WorkerMetrics metrics,
            Liveness liveness) {
        InputLimits.requireParkable(input, producers.getConfigurationProperties());
        TopicsProperties topics = effective(configured, mode);
        RecordOutputs outputs = new RecordOutputs(
                topics.outcomes(),
                topics.ledger(),
                new DeadLetters(topics.deadLetter(), clock, input.maxRecordBytes()),
                clock,
                metrics,
                mode.dryRun());
        return new TokenEventHandler(
                new TokenEventReader(input, Optional.ofNullable(api.userId()), rules.schemas()),
                lanes,
                applier,
                outputs,
                partitionRule,
                clock,
                liveness,
                mode.dryRun());
    }

    /** The lane of each record, told on the polling thread and checked again when the record is read. */
    @Bean
    LaneOf laneOf(TopicsProperties topics, InputProperties input) {
        return new LaneOf(inputTopics(topics), new EventTypePeek(input.maxRecordBytes()));
    }

    private static InputTopics inputTopics(TopicsProperties topics) {
        return new InputTopics(topics.events(), topics.securityEvents());
    }

    @Bean
    PartitionRule partitionRule(InputProperties input) {
        return new PartitionRule(input.maxRecordBytes());
    }

    @Bean
    TokenEventConsumers tokenEventConsumers(
            ConsumerFactory<byte[], byte[]> consumers,
            ProducerFactory<byte[], byte[]> producers,
            KafkaAdmin admin,
            TokenEventHandler handler,
            TopicsProperties topics,
            ConcurrencyProperties concurrency,
            SecurityLaneProperties securityLane,
            LaneOf lanes,
            LedgerProperties ledger,
            PartitionRule partitionRule,
            GatewayCircuit circuit,
            RateLimitShare share,
            DryRunProperties mode,
            Clock clock,
            WorkerMetrics metrics,
            ConsumerStatus status,
            Liveness liveness) {
        return new TokenEventConsumers(
                () -> {
                    LedgerVersions versions = new LedgerVersions();
                    return new TokenEventConsumer(
                            consumer(consumers, mode),
                            new TransactionalOutput(
                                    producer(
                                            producers,
                                            Map.of(
                                                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                                                    "token-policy-worker-" + UUID.randomUUID())),
                                    new PublishLatency(metrics, clock),
                                    versions),
                            new Ledgers(
                                    producer(producers, intentProducerSettings(ledger.sendTimeout())),
                                    topics.ledger(),
                                    topics.policyView(),
                                    ledger.dedupWindow(),
                                    ledger.sendTimeout(),
                                    versions),
                            new LedgerRestorer(
                                    Admin.create(admin.getConfigurationProperties()),
                                    consumers.createConsumer(),
                                    topics.ledger(),
                                    topics.policyView(),
                                    ledger.dedupWindow(),
                                    ledger.restoreTimeout(),
                                    clock,
                                    metrics),
                            inputTopics(topics),
                            concurrency,
                            securityLane,
                            lanes,
                            handler,
                            partitionRule,
                            () -> !circuit.isClosed(),
                            share,
                            status);
                },
                liveness);
    }

    /** The background drift sweep, when {@code token-policy.drift.sweep.enabled} is true. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty("token-policy.drift.sweep.enabled")
    DriftSweep driftSweep(
            DriftProperties drift,
            RateLimitProperties rateLimit,
            TopicsProperties topics,
            TokenList gateway,
            CallAdmission admission,
            ConsumerStatus status,
            ConsumerFactory<byte[], byte[]> consumers,
            ProducerFactory<byte[], byte[]> producers,
            WorkerMetrics metrics,
            Clock clock) {
        return new DriftSweep(
                drift,
                Math.max(
                        1, (int) Math.floor(rateLimit.requests() * drift.sweep().share())),
                rateLimit.window(),
                gateway,
                admission,
                status,
                topics.events(),
                topics.policyView(),
                topics.drift(),
                topics.securityEvents(),
                GrouplessReader.of(consumers.getConfigurationProperties()),
                producer(producers, Map.of()),
                metrics,
                clock);
    }

    @Bean
    MissingTopics missingTopics(
            KafkaAdmin admin, TopicsProperties topics, LedgerProperties ledger, DryRunProperties mode) {
        return new MissingTopics(admin, effective(topics, mode), ledger.dedupWindow());
    }

    /** A dry run publishes its outcomes apart, so the audit trail keeps one outcome per event. */
    private static TopicsProperties effective(TopicsProperties topics, DryRunProperties mode) {
        return mode.dryRun() ? topics.withOutcomes(topics.outcomes() + DryRunProperties.SUFFIX) : topics;
    }

    /** A dry run consumes in a group of its own: its committed offsets must not move the real worker's. */
    private static Consumer<byte[], byte[]> consumer(ConsumerFactory<byte[], byte[]> consumers, DryRunProperties mode) {
        Object group = consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG);
        String groupId = mode.dryRun() ? group + DryRunProperties.SUFFIX : null;
        return consumers.createConsumer(
                groupId, null, null, CoPartitionedAssignment.settings(consumers.getConfigurationProperties()));
    }

    /** A producer with every {@code spring.kafka.producer.*} setting, idempotent, and these settings of its own. */
    private static Producer<byte[], byte[]> producer(
            ProducerFactory<byte[], byte[]> producers, Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(producers.getConfigurationProperties());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.putAll(own);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The intent producer's own settings: it sends without delay, since a gateway call waits for the intent,
     * and gives a record up no later than the worker stops waiting for its acknowledgement
     * ({@code token-policy.ledger.send-timeout}), so that an intent whose write was given up is not appended
     * long after, to be told from a funded total that other writes have moved (docs/design.md, the intent
     * lifecycle).
     */
    static Map<String, Object> intentProducerSettings(Duration sendTimeout) {
        int delivery = (int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis());
        return Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                delivery,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.max(1, delivery / 2));
    }
}
