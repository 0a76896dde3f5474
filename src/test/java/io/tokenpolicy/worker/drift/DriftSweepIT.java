package io.tokenpolicy.worker.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.RecordedRequest;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.RunsAlone;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The worker's background sweep finds what was changed by hand, within its share of the rate limit: 10 % of 40 calls
 * per 4 s window is 4 calls a window, and the gateway (which counts a sliding window as new-api does) never sees more
 * of the sweep's calls in any window, nor answers 429.
 */
@RunsAlone
@WorkerHarness(user = DriftSweepIT.USER)
class DriftSweepIT {

    static final long USER = 43;
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final int SWEEP_CALLS = 4;

    private final Harness harness;
    private final TokenApiEmulator gateway;

    DriftSweepIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
    }

    @Test
    void theSweepFindsEveryQuotaEditedByHandWithinItsShareOfTheRateLimit() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.rate-limit.requests", 40);
        settings.put("token-policy.rate-limit.window", WINDOW.toSeconds() + "s");
        settings.put("token-policy.drift.sweep.enabled", true);
        settings.put("token-policy.drift.sweep.interval", "1s");
        settings.put("token-policy.drift.sweep.share", 0.1);
        settings.put("token-policy.drift.page-size", 1);
        List<Long> tokens = new ArrayList<>();
        try (WorkerProcess worker = WorkerProcess.start(settings);
                TopicReader findings = harness.reader(harness.driftTopic())) {
            List<String> topUps = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                EmulatedToken token = gateway.addToken(
                        EmulatedToken.forUser(USER).remainQuota(500).build());
                String id = "evt-" + UUID.randomUUID();
                harness.producer()
                        .send(new ProducerRecord<>(
                                harness.eventsTopic(),
                                Long.toString(token.id()),
                                CloudEvents.topUp(id, token.id(), 100)));
                topUps.add(id);
                tokens.add(token.id());
            }
            harness.outcomes().awaitAll(topUps);
            tokens.forEach(id -> gateway.modifyToken(
                    id, t -> t.toBuilder().remainQuota(t.remainQuota() + 7).build()));
            Instant edited = Instant.now();

            Awaitility.await("a funded_total_differs finding of each of the 8 tokens")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> foundTokens(findings, edited).containsAll(tokens));

            List<Instant> sweepCalls = gateway.requests().stream()
                    .filter(request -> request.route() == Route.LIST_TOKENS || request.route() == Route.GET_TOKEN)
                    .map(RecordedRequest::receivedAt)
                    .filter(at -> at.isAfter(edited))
                    .sorted()
                    .toList();
            assertThat(sweepCalls).hasSizeGreaterThanOrEqualTo(8);
            assertThat(mostInOneWindow(sweepCalls)).isLessThanOrEqualTo(SWEEP_CALLS);
            assertThat(gateway.tooManyRequestsAnswered()).isZero();
        }
    }

    private static Set<Long> foundTokens(TopicReader findings, Instant after) {
        return findings.all(record -> true).stream()
                .map(record -> Json.parse(record.value(), "finding"))
                .filter(json -> json.path("kind").asText().equals("funded_total_differs"))
                .filter(json -> json.path("difference").asLong() == 7)
                .filter(json -> Instant.parse(json.path("found_at").asText()).isAfter(after))
                .map(json -> json.path("token_id").asLong())
                .collect(Collectors.toSet());
    }

    /** The most calls that arrived within any span shorter than one window. */
    private static int mostInOneWindow(List<Instant> calls) {
        int most = 0;
        for (int first = 0; first < calls.size(); first++) {
            int last = first;
            while (last + 1 < calls.size()
                    && Duration.between(calls.get(first), calls.get(last + 1)).compareTo(WINDOW) < 0) {
                last++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
