package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsAlone;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The worker keeps to the gateway's rate limit by itself: the gateway never has to answer 429. */
@RunsAlone
@WorkerHarness(user = GatewayRateLimitIT.USER)
class GatewayRateLimitIT {

    static final long USER = 5;

    @Test
    void workerConfiguredToTheGatewaysLimitProvokesNo429AndAppliesEveryEvent(Harness harness) {
        TokenApiEmulator gateway = harness.gateway();
        KafkaProducer<String, String> producer = harness.producer();
        Outcomes outcomes = harness.outcomes();
        gateway.setRateLimit(20, Duration.ofSeconds(1));
        List<String> ids = new ArrayList<>();
        for (long tokenId = 1; tokenId <= 40; tokenId++) {
            gateway.addToken(
                    EmulatedToken.forUser(USER).id(tokenId).remainQuota(100).build());
            String id = "evt-" + UUID.randomUUID();
            ids.add(id);
            producer.send(new ProducerRecord<>(
                    harness.eventsTopic(), Long.toString(tokenId), CloudEvents.topUp(id, tokenId, 50)));
        }
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.rate-limit.requests", 20);
        settings.put("token-policy.rate-limit.window", "1s");

        try (WorkerProcess worker = WorkerProcess.start(settings)) {
            List<JsonNode> applied = outcomes.awaitAll(ids);

            assertThat(applied)
                    .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
            assertThat(gateway.tooManyRequestsAnswered()).isZero();
            assertThat(gateway.token(40).remainQuota()).isEqualTo(150);
        }
    }
}
