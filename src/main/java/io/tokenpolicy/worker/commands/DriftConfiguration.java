package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.TokenList;
import io.tokenpolicy.worker.config.DriftProperties;
import io.tokenpolicy.worker.config.TopicsProperties;
import io.tokenpolicy.worker.drift.DriftPass;
import io.tokenpolicy.worker.drift.DriftWatch;
import io.tokenpolicy.worker.drift.GrouplessReader;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The drift command, in place of the Kafka side, when {@code drift} is the first argument: the worker's gateway client
 * and its admission (the whole rate limit: it holds no partition), a reader of the policy-view topic that joins no
 * group, and a producer for the drift topic and, with {@code --enforce}, the security topic.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(CommandRequested.Drift.class)
class DriftConfiguration {

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> driftProducer(KafkaProperties kafka) {
        Map<String, Object> settings = new HashMap<>(kafka.buildProducerProperties());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Bean
    DriftCommand driftCommand(
            KafkaProperties kafka,
            TopicsProperties topics,
            DriftProperties drift,
            TokenList gateway,
            CallAdmission admission,
            Producer<byte[], byte[]> driftProducer,
            WorkerMetrics metrics,
            Clock clock,
            Console console) {
        return new DriftCommand(
                GrouplessReader.of(kafka.buildConsumerProperties()),
                topics.policyView(),
                new DriftWatch(
                        new DriftPass(gateway, admission, drift.pageSize(), drift.callWait()),
                        driftProducer,
                        topics.drift(),
                        topics.securityEvents(),
                        drift.enforce(),
                        metrics,
                        clock),
                console);
    }
}
