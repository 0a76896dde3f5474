package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpolicy.worker.config.TopicsProperties;
import io.tokenpolicy.worker.fixtures.FreePort;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;

@RunsBesideOthers
class MissingTopicsTest {

    @Test
    void aStartWhoseKafkaNeverAnswersEndsOnceTheStartupWaitIsSpentAndSaysWhichSetting() {
        KafkaAdmin admin =
                new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + FreePort.find()));
        TopicsProperties topics = new TopicsProperties(
                "events", "security", "outcomes", "dlt", "ledger", "view", "drift", 3, true, Duration.ZERO);

        assertThatThrownBy(() -> new MissingTopics(admin, topics, Duration.ofDays(7)).afterPropertiesSet())
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("could not create or check the worker's topics")
                .hasMessageContaining("token-policy.topics.startup-wait PT0S");
    }
}
