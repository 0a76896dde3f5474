package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.emulator.UsageGenerator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.RunsAlone;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md, "Usage that a PUT overwrites", with the rate limit saturated: every token of a backlog queues for
 * its turns (about a second each), and each token is used ten times a second, so that usage lands in every wait for a
 * turn. Every token's funded total still ends at what it was plus its top-ups: a write and the correction its answer
 * asks for go out back to back, with no wait for a turn between them.
 */
@RunsAlone
@WorkerHarness(user = UsageOverwrittenUnderASaturatedRateLimitIT.USER)
class UsageOverwrittenUnderASaturatedRateLimitIT {

    static final long USER = 27;
    private static final int TOKENS = 40;
    private static final int CALLS_PER_SECOND = 40;
    private static final long SEEDED = 1_000_000;
    private static final long TOP_UP = 500;
    private static final Duration USAGE_PERIOD = Duration.ofMillis(100);

    @Test
    void everyTokensFundedTotalEndsExactWhileTokensQueueForTurnsAndUsageLandsInEveryWait(Harness harness) {
        TokenApiEmulator gateway = harness.gateway().setRateLimit(CALLS_PER_SECOND, Duration.ofSeconds(1));
        KafkaProducer<String, String> producer = harness.producer();
        Map<Long, Long> fundedAtStart = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (long tokenId = 1; tokenId <= TOKENS; tokenId++) {
            EmulatedToken token = gateway.addToken(
                    EmulatedToken.forUser(USER).id(tokenId).remainQuota(SEEDED).build());
            fundedAtStart.put(tokenId, token.fundedTotal());
            String id = "evt-" + UUID.randomUUID();
            ids.add(id);
            producer.send(new ProducerRecord<>(
                    harness.eventsTopic(), Long.toString(tokenId), CloudEvents.topUp(id, tokenId, TOP_UP)));
        }
        producer.flush();
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.rate-limit.requests", CALLS_PER_SECOND);
        settings.put("token-policy.rate-limit.window", "1s");

        List<JsonNode> outcomes;
        try (UsageGenerator usage = gateway.startUsage(USAGE_PERIOD, 1);
                WorkerProcess worker = WorkerProcess.start(settings)) {
            outcomes = harness.outcomes().awaitAll(ids, Duration.ofSeconds(60));
        }

        assertThat(outcomes)
                .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
        assertThat(gateway.requests())
                .as("more calls than one window allows: tokens queued for their turns")
                .hasSizeGreaterThan(CALLS_PER_SECOND);
        for (long tokenId = 1; tokenId <= TOKENS; tokenId++) {
            EmulatedToken token = gateway.token(tokenId);
            assertThat(token.fundedTotal())
                    .as(
                            "token %s: remain_quota %s + used_quota %s, seeded with %s and topped up by %s",
                            tokenId, token.remainQuota(), token.usedQuota(), SEEDED, TOP_UP)
                    .isEqualTo(fundedAtStart.get(tokenId) + TOP_UP);
        }
    }
}
