package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The producer of intents gives a record up no later than the worker stops waiting for it. */
class IntentProducerTest {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void anIntentIsGivenUpByItsProducerNoLaterThanByTheWorker() {
        Map<String, Object> settings = KafkaConfiguration.intentProducerSettings(SEND_TIMEOUT);

        assertThat(settings.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isInstanceOf(Integer.class);
        int delivery = (Integer) settings.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        assertThat(delivery).isPositive().isLessThanOrEqualTo((int) SEND_TIMEOUT.toMillis());
        assertThat((Integer) settings.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG))
                .isPositive()
                .isLessThan(delivery);
    }

    @Test
    void theIntentProducersSettingsAreOnesKafkaAccepts() {
        Map<String, Object> settings = new HashMap<>(KafkaConfiguration.intentProducerSettings(Duration.ofSeconds(2)));
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");

        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThat(producer.metrics()).isNotEmpty();
        }
    }
}
