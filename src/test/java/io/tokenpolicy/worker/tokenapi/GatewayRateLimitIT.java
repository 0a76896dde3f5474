package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.Producers;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The worker keeps to the gateway's rate limit by itself: the gateway never has to answer 429. */
@EmbeddedKafka(partitions = 3)
class GatewayRateLimitIT {

    private static final long USER = 5;
    private static final String ACCESS_TOKEN = "rate-limit-it-" + UUID.randomUUID();

    @Test
    void workerConfiguredToTheGatewaysLimitProvokesNo429AndAppliesEveryEvent() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
        try (TokenApiEmulator gateway = TokenApiEmulator.start(0).addUser(USER, ACCESS_TOKEN);
             KafkaProducer<String, String> producer = Producers.strings(brokers);
             Outcomes outcomes = new Outcomes(brokers, WorkerSettings.outcomesTopic(run))) {
            EmbeddedKafkaCondition.getBroker().addTopics(new NewTopic(WorkerSettings.eventsTopic(run), 3, (short) 1));
            gateway.setRateLimit(20, Duration.ofSeconds(1));
            List<String> ids = new ArrayList<>();
            for (long tokenId = 1; tokenId <= 40; tokenId++) {
                gateway.addToken(EmulatedToken.forUser(USER).id(tokenId).remainQuota(100).build());
                String id = "evt-" + UUID.randomUUID();
                ids.add(id);
                producer.send(new ProducerRecord<>(WorkerSettings.eventsTopic(run), Long.toString(tokenId),
                        CloudEvents.topUp(id, tokenId, 50)));
            }
            Map<String, Object> settings = WorkerSettings.of(brokers, run, gateway, USER, ACCESS_TOKEN);
            settings.put("token-policy.rate-limit.requests", 20);
            settings.put("token-policy.rate-limit.window", "1s");

            try (WorkerProcess worker = WorkerProcess.start(settings)) {
                List<JsonNode> applied = outcomes.awaitAll(ids);

                assertThat(applied).allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
                assertThat(gateway.tooManyRequestsAnswered()).isZero();
                assertThat(gateway.token(40).remainQuota()).isEqualTo(150);
            }
        }
    }
}
