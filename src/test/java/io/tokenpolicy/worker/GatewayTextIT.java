package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.TokenEventStream;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * What the gateway says is the gateway's to choose, and may be anything: the worker (as its own JVM)
 * quotes it cut and cleaned, so that it can neither forge a log line nor make an outcome too large to
 * publish.
 */
@WorkerHarness(partitions = GatewayTextIT.PARTITIONS, user = GatewayTextIT.USER)
class GatewayTextIT {

    static final int PARTITIONS = 3;
    static final long USER = 29;
    private static final String FORGED = "2026-12-02T08:00:00.000Z  INFO 1 --- [main] FORGED: token 1 re-enabled";

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final TokenEventStream events;
    private final Outcomes outcomes;

    GatewayTextIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.events = harness.eventStream().seed(10, 1_000);
        this.outcomes = harness.outcomes();
    }

    @Test
    void gatewayMessageOfAlmostAMebibyteWithLineBreaksIsCutAndCleanedAndThePartitionMovesOn() {
        String message = "database says no\r\n" + FORGED + "\n\u001b[2J" + "too long ".repeat(115_000);
        assertThat(message.getBytes(StandardCharsets.UTF_8).length)
                .as("a million bytes, and room for the JSON around it within the 1 MiB the worker reads of an answer")
                .isBetween(1_000_000, (1 << 20) - 4_096);
        gateway.refuseCallsFor(1, message);
        Map<String, Object> settings = new HashMap<>(harness.workerSettings());
        settings.put("token-policy.retry.max-attempts", 2);
        try (WorkerJvm worker = WorkerJvm.start("gateway-text-" + run, settings)) {
            String refusedId = events.topUp(1, 100);
            events.flush();
            JsonNode refused = outcomes.awaitFor(refusedId);
            List<Long> later = LongStream.rangeClosed(2, 10).boxed().toList();
            assertThat(later)
                    .as("a later token on the refused one's partition")
                    .anyMatch(t -> partition(t) == partition(1));
            List<String> laterIds =
                    later.stream().map(token -> events.topUp(token, 100)).toList();
            events.flush();

            assertThat(refused.path("result").asText())
                    .as("a message no server is known to mean for good is retried, then FAILED")
                    .isEqualTo("FAILED");
            String reason = refused.path("reason").asText();
            assertThat(reason)
                    .contains("database says no", "FORGED")
                    .hasSizeLessThan(500)
                    .doesNotContain("\r", "\n", "\u001b");
            assertThat(outcomes.awaitAll(laterIds)).hasSize(later.size()).allSatisfy(outcome -> assertThat(
                            outcome.path("result").asText())
                    .isEqualTo("APPLIED"));
            assertThat(worker.output().lines()).noneMatch(line -> line.startsWith(FORGED));
        }
    }

    private static int partition(long tokenId) {
        return Utils.toPositive(Utils.murmur2(Long.toString(tokenId).getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
