package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.RecordedRequest;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Work handed over writes nothing more: a worker whose calls queue for its client-side rate limit
 * loses partitions to a second worker joining its group once it has called for tokens of every partition, and the
 * rest when it stops after the new owner's first call; from the moment the new owner calls for a partition's tokens
 * the old owner makes no call for them, and every top-up lands once.
 */
@RunsBesideOthers
@WorkerHarness(user = HandOverIT.USER)
class HandOverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final long USER = 21;
    private static final String OLD_OWNER = "hand-over-a-" + UUID.randomUUID();
    private static final String NEW_OWNER = "hand-over-b-" + UUID.randomUUID();
    private static final int TOKENS = 40;
    private static final long AMOUNT = 100;

    private final Harness harness;
    private final String run;
    private final Map<Long, Integer> partitionOfToken = new HashMap<>();
    private final Map<Long, Long> fundedAtStart = new HashMap<>();

    HandOverIT(Harness harness) {
        this.harness = harness;
        this.run = harness.run();
    }

    @Test
    void partitionsMovingWhileCallsWaitForTheRateLimitGetNoCallFromTheOldOwnerAndEveryTopUpLandsOnce()
            throws Exception {
        TokenApiEmulator gateway = harness.gateway().addUser(USER, OLD_OWNER).addUser(USER, NEW_OWNER);
        Outcomes outcomes = harness.outcomes();
        List<String> ids = publishTopUps(gateway, harness.producer());
        try (WorkerJvm old = WorkerJvm.start("hand-over-old-" + run, oldOwnerSettings(gateway))) {
            awaitCallsForEveryPartition(gateway);
            try (WorkerJvm joining = WorkerJvm.start("hand-over-new-" + run, settings(gateway, NEW_OWNER))) {
                awaitFirstCallOf(gateway, NEW_OWNER);
                old.close();
                outcomes.awaitAll(ids, Duration.ofMinutes(4));
            }
        }

        assertNoCallOfTheOldOwnerAfterTheNewOwnersFirst(gateway.requests());
        assertEveryTopUpLandedOnce(gateway, outcomes.all(), ids);
    }

    private List<String> publishTopUps(TokenApiEmulator gateway, KafkaProducer<String, String> producer)
            throws InterruptedException, ExecutionException {
        List<String> ids = new ArrayList<>();
        for (long tokenId = 1; tokenId <= TOKENS; tokenId++) {
            EmulatedToken token = gateway.addToken(
                    EmulatedToken.forUser(USER).id(tokenId).remainQuota(10_000).build());
            fundedAtStart.put(tokenId, token.fundedTotal());
            String id = "evt-" + UUID.randomUUID();
            ids.add(id);
            int partition = producer.send(new ProducerRecord<>(
                            harness.eventsTopic(), Long.toString(tokenId), CloudEvents.topUp(id, tokenId, AMOUNT)))
                    .get()
                    .partition();
            partitionOfToken.put(tokenId, partition);
        }
        return ids;
    }

    private void assertNoCallOfTheOldOwnerAfterTheNewOwnersFirst(List<RecordedRequest> calls) {
        Map<Integer, Instant> newOwnerSince = new HashMap<>();
        calls.stream()
                .filter(call -> caller(call).equals(NEW_OWNER))
                .forEach(call ->
                        newOwnerSince.merge(partitionOf(call), call.receivedAt(), (a, b) -> a.isBefore(b) ? a : b));
        assertThat(newOwnerSince)
                .as("partitions the joining worker took over and called for")
                .isNotEmpty();
        List<String> late = calls.stream()
                .filter(call -> caller(call).equals(OLD_OWNER))
                .filter(call -> newOwnerSince.containsKey(partitionOf(call))
                        && call.receivedAt().isAfter(newOwnerSince.get(partitionOf(call))))
                .map(call -> call.method() + " token " + tokenIdOf(call) + " (partition " + partitionOf(call) + ") at "
                        + call.receivedAt() + ", new owner since " + newOwnerSince.get(partitionOf(call)))
                .toList();
        assertThat(late)
                .as("calls of the old owner after the new owner's first call for the partition")
                .isEmpty();
        assertThat(calls.stream()
                        .filter(call -> caller(call).equals(OLD_OWNER))
                        .anyMatch(call -> newOwnerSince.containsKey(partitionOf(call))))
                .as("the old owner had worked on the partitions it lost before the hand-over")
                .isTrue();
    }

    private void assertEveryTopUpLandedOnce(TokenApiEmulator gateway, List<JsonNode> all, List<String> ids) {
        Map<String, List<String>> resultsById = all.stream()
                .collect(Collectors.groupingBy(
                        o -> o.path("event_id").asText(),
                        Collectors.mapping(o -> o.path("result").asText(), Collectors.toList())));
        assertThat(resultsById.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        resultsById.forEach((id, results) -> assertThat(results).as(id).containsExactly("APPLIED"));
        fundedAtStart.forEach(
                (tokenId, funded) -> assertThat(gateway.token(tokenId).fundedTotal())
                        .as("funded total of token %d", tokenId)
                        .isEqualTo(funded + AMOUNT));
    }

    /**
     * Until the first worker has called for tokens of every partition: whichever partitions it loses, it had begun
     * their work, and the calls it queued for their other tokens are waiting for the rate limit.
     */
    private void awaitCallsForEveryPartition(TokenApiEmulator gateway) {
        long partitions = partitionOfToken.values().stream().distinct().count();
        await("the first worker's calls for tokens of each of the " + partitions + " partitions")
                .atMost(Duration.ofSeconds(120))
                .until(() -> gateway.requests().stream()
                                .filter(call -> call.route() == Route.GET_TOKEN)
                                .map(this::partitionOf)
                                .distinct()
                                .count()
                        == partitions);
    }

    private static void awaitFirstCallOf(TokenApiEmulator gateway, String caller) {
        await("the joining worker's first call").atMost(Duration.ofSeconds(120)).until(() -> gateway.requests().stream()
                .anyMatch(call -> caller(call).equals(caller)));
    }

    private int partitionOf(RecordedRequest call) {
        return partitionOfToken.get(tokenIdOf(call));
    }

    private static long tokenIdOf(RecordedRequest call) {
        if (call.route() == Route.GET_TOKEN) {
            return Long.parseLong(call.path().substring(call.path().lastIndexOf('/') + 1));
        }
        try {
            return JSON.readTree(call.body()).path("id").asLong();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static String caller(RecordedRequest call) {
        return call.header("Authorization").substring("Bearer ".length());
    }

    /** Calls queue for the rate limit (one every half second), and a hand-over lets started work run for 3 s. */
    private Map<String, Object> oldOwnerSettings(TokenApiEmulator gateway) {
        Map<String, Object> settings = settings(gateway, OLD_OWNER);
        settings.put("token-policy.rate-limit.requests", 1);
        settings.put("token-policy.rate-limit.window", "500ms");
        return settings;
    }

    private Map<String, Object> settings(TokenApiEmulator gateway, String accessToken) {
        Map<String, Object> settings = WorkerSettings.of(harness.brokers(), run, gateway, USER, accessToken);
        settings.put("spring.kafka.consumer.properties.session.timeout.ms", 6000);
        settings.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1000);
        settings.put("token-policy.concurrency.drain-timeout", "3s");
        settings.put("token-api.request-timeout", "1s");
        return settings;
    }
}
