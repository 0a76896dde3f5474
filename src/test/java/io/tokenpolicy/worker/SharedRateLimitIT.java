package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.RecordedRequest;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.FreePort;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.RunsAlone;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Three worker JVMs of one group behind one address (the emulator's one limit of 30 calls a second, 60 in any 2 s)
 * share that limit:
 * each takes the share its partitions give it, so that after the first window the gateway answers no 429 while the
 * three together use at least 85% of the limit; when one stops, the two left take over its share within one
 * rebalance (and the two windows after it) and use at least 85% of the limit between them.
 */
@RunsAlone
@WorkerHarness(user = SharedRateLimitIT.USER, partitions = SharedRateLimitIT.PARTITIONS)
class SharedRateLimitIT {

    static final long USER = 31;
    static final int PARTITIONS = 6;
    private static final int LIMIT = 60;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    /** Three windows. */
    private static final Duration MEASURED = WINDOW.multipliedBy(3);
    /**
     * Three JVMs compiling their hot code at once on a small machine call slower than their share allows at first; the
     * use of the limit is measured once they are past that.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(6);

    private static final int TOKENS = 1_500;
    private static final double USED = 0.85;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness harness;
    private final HttpClient http = HttpClient.newHttpClient();

    SharedRateLimitIT(Harness harness) {
        this.harness = harness;
    }

    @Test
    void threeInstancesBehindOneAddressKeepToOneLimitUseItAndTakeOverTheShareOfOneThatStops() throws Exception {
        TokenApiEmulator gateway = harness.gateway().setRateLimit(LIMIT, WINDOW);
        List<Instance> group = new ArrayList<>();
        try (Instance a = Instance.start(this, "a");
                Instance b = Instance.start(this, "b");
                Instance c = Instance.start(this, "c")) {
            group.addAll(List.of(a, b, c));
            awaitShares(group, LIMIT / 3);

            publishTopUps(gateway, harness.producer());
            Instant workBegan = awaitFirstCall(gateway);
            Instant afterFirstWindow = awaitCallAfter(gateway, workBegan.plus(WINDOW));
            gateway.resetCounters();
            Instant warm = awaitCallAfter(gateway, afterFirstWindow.plus(WARM_UP));
            Instant measuredTo = awaitCallAfter(gateway, warm.plus(MEASURED));
            assertUsed(gateway.requests(), warm, measuredTo, Set.of(a.caller, b.caller, c.caller));

            c.worker.close();
            Instant stopped = Instant.now();
            awaitShares(List.of(a, b), LIMIT / 2);
            Instant tookOver = Instant.now();
            System.out.printf("the two left took over in %s%n", Duration.between(stopped, tookOver));
            // the shares show the new assignment before the two have restored the ledger and fetched again: a CI run
            // measured from one window after it found 50 calls a window where the runs before found 55 to 60
            Instant settled = awaitCallAfter(gateway, tookOver.plus(WINDOW.multipliedBy(2)));
            Instant measuredAfterStopTo = awaitCallAfter(gateway, settled.plus(MEASURED));
            assertUsed(gateway.requests(), settled, measuredAfterStopTo, Set.of(a.caller, b.caller));
            assertThat(Duration.between(stopped, tookOver))
                    .as("the two left take over the share of the one that stopped")
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(gateway.tooManyRequestsAnswered())
                    .as("429s after the first window")
                    .isZero();
        }
    }

    private void publishTopUps(TokenApiEmulator gateway, KafkaProducer<String, String> producer) {
        for (long tokenId = 1; tokenId <= TOKENS; tokenId++) {
            gateway.addToken(
                    EmulatedToken.forUser(USER).id(tokenId).remainQuota(10_000).build());
            producer.send(new ProducerRecord<>(
                    harness.eventsTopic(),
                    Long.toString(tokenId),
                    CloudEvents.topUp("evt-" + UUID.randomUUID(), tokenId, 100)));
        }
        producer.flush();
    }

    /** The gateway's calls received within [from, to] make at least 85% of the limit, and only {@code callers} made them. */
    private static void assertUsed(List<RecordedRequest> calls, Instant from, Instant to, Set<String> callers) {
        List<RecordedRequest> within = calls.stream()
                .filter(call ->
                        !call.receivedAt().isBefore(from) && !call.receivedAt().isAfter(to))
                .toList();
        double seconds = Duration.between(from, to).toMillis() / 1000.0;
        double perWindow = within.size() / seconds * WINDOW.toMillis() / 1000.0;
        System.out.printf(
                "%s to %s: %.1f calls per window of %s, by %s%n", from, to, perWindow, WINDOW, byCaller(within));
        assertThat(perWindow)
                .as("calls per window from %s to %s, by %s", from, to, byCaller(within))
                .isGreaterThanOrEqualTo(USED * LIMIT)
                .isLessThanOrEqualTo(LIMIT * 1.05);
        assertThat(within).allSatisfy(call -> assertThat(callers).contains(caller(call)));
    }

    private static Map<String, Long> byCaller(List<RecordedRequest> calls) {
        return calls.stream().collect(Collectors.groupingBy(SharedRateLimitIT::caller, Collectors.counting()));
    }

    private static String caller(RecordedRequest call) {
        return call.header("Authorization").substring("Bearer ".length());
    }

    private static Instant awaitFirstCall(TokenApiEmulator gateway) {
        await("the group's first call").atMost(Duration.ofSeconds(60)).until(() -> !gateway.requests()
                .isEmpty());
        return gateway.requests().get(0).receivedAt();
    }

    /** The time of the first call received after {@code after}, once there is one. */
    private static Instant awaitCallAfter(TokenApiEmulator gateway, Instant after) {
        return await("a call after " + after)
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> gateway.requests().stream()
                                .map(RecordedRequest::receivedAt)
                                .filter(at -> at.isAfter(after))
                                .findFirst()
                                .orElse(null),
                        at -> at != null);
    }

    /** Every instance of {@code group} counts its partitions and takes {@code requests} calls per window. */
    private void awaitShares(List<Instance> group, int requests) {
        await("each instance's share: " + requests + " calls per window")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> group.stream().allMatch(instance -> {
                    JsonNode details = instance.rateLimit().path("details");
                    return details.path("requests").asInt() == requests
                            && details.path("countedPartitions").asInt()
                                    == details.path("heldPartitions").asInt();
                }));
    }

    private record Instance(SharedRateLimitIT test, WorkerJvm worker, String caller, int port)
            implements AutoCloseable {

        static Instance start(SharedRateLimitIT test, String name) {
            String caller = "shared-limit-" + name + "-" + UUID.randomUUID();
            test.harness.gateway().addUser(USER, caller);
            int port = FreePort.find();
            Map<String, Object> settings = WorkerSettings.withHealthEndpoints(WorkerSettings.of(
                    test.harness.brokers(), test.harness.run(), test.harness.gateway(), USER, caller));
            settings.put("server.port", port);
            settings.put("token-policy.topics.partitions", PARTITIONS);
            settings.put("token-policy.rate-limit.requests", LIMIT);
            settings.put("token-policy.rate-limit.window", WINDOW.toMillis() + "ms");
            settings.put("token-policy.rate-limit.scope", "group");
            settings.put("token-policy.concurrency.drain-timeout", "3s");
            settings.put("token-api.request-timeout", "1s");
            settings.put("spring.kafka.consumer.properties.session.timeout.ms", 6000);
            settings.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1000);
            return new Instance(
                    test, WorkerJvm.start("shared-limit-" + name + "-" + test.harness.run(), settings), caller, port);
        }

        /** {@code /actuator/health/rateLimit}; before the worker serves it, an exception. */
        JsonNode rateLimit() {
            try {
                HttpResponse<String> answer = test.http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/rateLimit"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return JSON.readTree(answer.body());
            } catch (IOException notServing) {
                throw new UncheckedIOException(notServing);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }

        @Override
        public void close() {
            worker.close();
        }
    }
}
