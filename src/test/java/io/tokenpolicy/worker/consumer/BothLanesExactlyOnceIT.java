package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.LaneEvent;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once effects for both lanes through crashes: top-ups on {@code token-events} and critical incidents and
 * their resolutions on {@code token-security-events}, while the worker JVM is killed with SIGKILL three times at
 * random moments. Afterwards every event has exactly one outcome, every token's quota has risen by exactly the sum of
 * its top-ups, and every token is enabled or disabled as its security events, in publish order, leave it.
 */
@RunsBesideOthers
@WorkerHarness(user = BothLanesExactlyOnceIT.USER)
class BothLanesExactlyOnceIT {

    static final long USER = 23;
    private static final int TOKENS = 50;
    /** Tokens 1 to 20 get incidents and resolutions, taking turns, besides their top-ups. */
    private static final int TOKENS_WITH_INCIDENTS = 20;

    private static final int TOP_UPS = 2_000;
    /** A security event after every this many top-ups: about 150 of them. */
    private static final int TOP_UPS_PER_SECURITY_EVENT = 13;

    private static final long QUOTA = 5_000_000;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final Outcomes outcomes;
    private final Random random = new Random();
    private final List<LaneEvent> published = new ArrayList<>();
    private final Map<Long, Boolean> disabledInPublishOrder = new HashMap<>();
    private final Map<Long, Long> toppedUp = new HashMap<>();

    BothLanesExactlyOnceIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.outcomes = harness.outcomes();
    }

    @Test
    void sigkilledWithBothLanesBusyAppliesEveryEventOnce() {
        gateway.setLatency(Duration.ofMillis(10));
        for (long id = 1; id <= TOKENS; id++) {
            gateway.addToken(
                    EmulatedToken.forUser(USER).id(id).remainQuota(QUOTA).build());
        }
        publishBothLanes();
        for (int kill = 1; kill <= 3; kill++) {
            WorkerJvm worker = WorkerJvm.start("both-lanes-exactly-once-" + harness.run(), settings());
            outcomes.awaitAny("outcomes before kill " + kill, randomShareOfEvents(kill));
            worker.kill();
            assertThat(outcomes.all()).as("killed mid-way").hasSizeLessThan(published.size());
        }
        try (WorkerJvm last = WorkerJvm.start("both-lanes-exactly-once-" + harness.run(), settings())) {
            outcomes.awaitAny("an outcome for each of the " + published.size() + " events", published.size());
        }
        assertOneOutcomeEach();
        assertQuotasRaisedOnce();
        assertStatusesAsInPublishOrder();
    }

    private void publishBothLanes() {
        for (int i = 0; i < TOP_UPS; i++) {
            long token = 1 + random.nextInt(TOKENS);
            long amount = 1 + random.nextInt(1_000);
            toppedUp.merge(token, amount, Long::sum);
            publish(LaneEvent.onEventsTopic(token, "billing.topup", Map.of("amount", amount)));
            if (i % TOP_UPS_PER_SECURITY_EVENT == 0) {
                publish(nextSecurityEvent(1 + random.nextInt(TOKENS_WITH_INCIDENTS)));
            }
        }
        harness.producer().flush();
    }

    /** A critical incident for a token that is enabled in publish order, its resolution for one that is not. */
    private LaneEvent nextSecurityEvent(long token) {
        boolean disabled = disabledInPublishOrder.getOrDefault(token, false);
        disabledInPublishOrder.put(token, !disabled);
        return disabled
                ? LaneEvent.onSecurityTopic(token, "security.incident_resolved", Map.of())
                : LaneEvent.onSecurityTopic(
                        token, "security.incident", Map.of("severity", "critical", "reason", "key leaked"));
    }

    private void publish(LaneEvent event) {
        published.add(event);
        harness.producer().send(event.record(harness));
    }

    /**
     * Kill k comes after between (2k - 1) and 2k tenths of the outcomes: at most 60% before the last kill, so that
     * the worker, which may apply hundreds of events between an outcome being read and the kill, still has work.
     */
    private int randomShareOfEvents(int kill) {
        int tenth = published.size() / 10;
        return tenth * (2 * kill - 1) + 1 + random.nextInt(tenth);
    }

    private void assertOneOutcomeEach() {
        List<JsonNode> all = outcomes.all();
        assertThat(all).as("one outcome per event").hasSameSizeAs(published);
        assertThat(all.stream().map(o -> o.path("event_id").asText()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(
                        published.stream().map(LaneEvent::id).toList());
        Set<String> topUps =
                published.stream().filter(LaneEvent::isTopUp).map(LaneEvent::id).collect(Collectors.toSet());
        assertThat(all)
                .filteredOn(o -> topUps.contains(o.path("event_id").asText()))
                .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
        assertThat(all)
                .filteredOn(o -> !topUps.contains(o.path("event_id").asText()))
                .allSatisfy(o -> assertThat(o.path("result").asText()).isIn("APPLIED", "NO_CHANGE"));
    }

    private void assertQuotasRaisedOnce() {
        for (long token = 1; token <= TOKENS; token++) {
            assertThat(gateway.token(token).remainQuota())
                    .as("quota of token %d", token)
                    .isEqualTo(QUOTA + toppedUp.getOrDefault(token, 0L));
        }
    }

    /**
     * Each token as its last security event leaves it. One exception, documented (docs/design.md, "What is not
     * seen"): a crash after an incident's disable landed and before its outcome was committed loses the hold, the
     * redelivered incident finds the token disabled already (NO_CHANGE), and the resolution leaves it disabled: that
     * fails closed, and is counted.
     */
    private void assertStatusesAsInPublishOrder() {
        Set<Long> holdsLost = tokensWhoseIncidentFoundThemDisabled();
        List<Long> leftDisabled = new ArrayList<>();
        disabledInPublishOrder.forEach((token, disabled) -> {
            int status = gateway.token(token).status();
            if (!disabled && status == EmulatedToken.DISABLED && holdsLost.contains(token)) {
                leftDisabled.add(token);
            } else {
                assertThat(status)
                        .as("status of token %d", token)
                        .isEqualTo(disabled ? EmulatedToken.DISABLED : EmulatedToken.ENABLED);
            }
        });
        for (long token = TOKENS_WITH_INCIDENTS + 1; token <= TOKENS; token++) {
            assertThat(gateway.token(token).status()).isEqualTo(EmulatedToken.ENABLED);
        }
        System.out.printf(
                "%d events, %d on the security topic; resolved tokens left disabled by a hold lost to a crash: %s%n",
                published.size(),
                published.stream().filter(LaneEvent::onSecurityTopic).count(),
                leftDisabled);
    }

    private Set<Long> tokensWhoseIncidentFoundThemDisabled() {
        Map<String, LaneEvent> incidents = published.stream()
                .filter(event -> event.type().equals("security.incident"))
                .collect(Collectors.toMap(LaneEvent::id, event -> event));
        return outcomes.all().stream()
                .filter(o -> incidents.containsKey(o.path("event_id").asText()))
                .filter(o -> o.path("result").asText().equals("NO_CHANGE"))
                .map(o -> incidents.get(o.path("event_id").asText()).token())
                .collect(Collectors.toSet());
    }

    /**
     * Batches of at most 10 events, 10 ms a call and 120 calls a second, so that each kill comes while both lanes have
     * work left: at 200 a second, on a busy machine, the worker once applied every event between the test reading 60%
     * of the outcomes and the kill.
     */
    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("spring.kafka.consumer.properties.session.timeout.ms", 6000);
        settings.put("spring.kafka.consumer.properties.heartbeat.interval.ms", 1000);
        settings.put("token-policy.concurrency.max-in-flight", 16);
        settings.put("token-policy.concurrency.max-batch", 10);
        settings.put("token-policy.rate-limit.requests", 120);
        settings.put("token-policy.rate-limit.window", "1s");
        settings.put("logging.level.io.tokenpolicy", "warn");
        return settings;
    }
}
