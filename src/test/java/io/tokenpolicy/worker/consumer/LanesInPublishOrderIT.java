package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.LaneEvent;
import io.tokenpolicy.worker.fixtures.PublishOrderModel;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.TokenFields;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Lanes that commute, end to end: a seeded random interleaving of billing events on {@code token-events} and
 * security events on {@code token-security-events} for 30 tokens, all published before the worker starts, so that
 * the security lane overtakes the billing backlog as it pleases. Every token must end as the {@link PublishOrderModel}
 * ends it: the same events applied in publish order, one at a time per token, all on the events topic, by a second
 * worker against a second emulator (chosen over the applier in-process, so that the model goes through the same
 * reading, rules and gateway as the run it judges).
 */
@RunsBesideOthers
@WorkerHarness(user = LanesInPublishOrderIT.USER)
class LanesInPublishOrderIT {

    static final long USER = 19;
    private static final int TOKENS = 30;
    private static final long SEED = 1_702;

    private final Harness harness;
    private final TokenApiEmulator gateway;

    LanesInPublishOrderIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
    }

    @Test
    void bothLanesEventsOfEachTokenEndAsInPublishOrder() {
        List<EmulatedToken> tokens = LongStream.rangeClosed(1, TOKENS)
                .mapToObj(LanesInPublishOrderIT::startToken)
                .toList();
        List<LaneEvent> published = new BothLanesEvents(new Random(SEED)).interleaving(tokens.size());
        tokens.forEach(gateway::addToken);
        gateway.setLatency(Duration.ofMillis(20));
        published.forEach(event -> harness.producer().send(event.record(harness)));
        harness.producer().flush();

        try (WorkerJvm worker = WorkerJvm.start("lanes-in-publish-order-" + harness.run(), settings())) {
            harness.outcomes().awaitAll(ids(published), Duration.ofSeconds(120));
        }
        Map<Long, TokenFields> ended = new TreeMap<>();
        tokens.forEach(token -> ended.put(token.id(), TokenFields.of(gateway.token(token.id()))));

        long overtaken = tokensWhoseSecurityEventOvertookTheirBilling(published);
        Map<Long, TokenFields> inPublishOrder = inPublishOrder(tokens, published);
        System.out.printf(
                "seed %d: %d events (%d on the security topic), outcomes %s, %d tokens applied out of publish order%n",
                SEED,
                published.size(),
                published.stream().filter(LaneEvent::onSecurityTopic).count(),
                results(),
                overtaken);
        assertThat(overtaken)
                .as("the lanes applied some token's events out of publish order")
                .isPositive();
        assertThat(inPublishOrder.values())
                .as("the interleaving disables some tokens and leaves others enabled")
                .extracting(TokenFields::status)
                .contains(EmulatedToken.ENABLED, EmulatedToken.DISABLED);
        assertThat(ended).as("each token as in publish order").containsExactlyEntriesOf(inPublishOrder);
    }

    private Map<Long, TokenFields> inPublishOrder(List<EmulatedToken> tokens, List<LaneEvent> published) {
        try (PublishOrderModel model = new PublishOrderModel(harness)) {
            tokens.forEach(model::seed);
            return new TreeMap<>(model.endTokens(published));
        }
    }

    /** Tokens of three kinds of allow list and two of model whitelist, quotas from 1,000 to 30,000. */
    private static EmulatedToken startToken(long id) {
        EmulatedToken.Builder token = EmulatedToken.forUser(USER).id(id).remainQuota(1_000 * id);
        if (id % 3 == 1) {
            token.allowIps("10.0.0.0/8");
        } else if (id % 3 == 2) {
            token.allowIps("10.1.2.3\n192.168.0.0/16");
        }
        if (id % 2 == 0) {
            token.modelLimitsEnabled(true).modelLimits("gpt-4o,claude-sonnet-4-6");
        }
        return token.build();
    }

    /** Tokens one of whose security events was applied before a billing event published ahead of it. */
    private long tokensWhoseSecurityEventOvertookTheirBilling(List<LaneEvent> published) {
        Map<String, Instant> completed = harness.outcomes().all().stream()
                .collect(Collectors.toMap(
                        o -> o.path("event_id").asText(),
                        o -> Instant.parse(o.path("completed_at").asText()),
                        (first, second) -> first));
        Map<Long, Instant> billingDoneLatest = new HashMap<>();
        Set<Long> overtaken = new HashSet<>();
        for (LaneEvent event : published) {
            Instant done = completed.get(event.id());
            Instant billing = billingDoneLatest.get(event.token());
            if (!event.onSecurityTopic()) {
                billingDoneLatest.merge(event.token(), done, (a, b) -> a.isAfter(b) ? a : b);
            } else if (billing != null && done.isBefore(billing)) {
                overtaken.add(event.token());
            }
        }
        return overtaken.size();
    }

    private String results() {
        return harness.outcomes().all().stream()
                .collect(Collectors.groupingBy(o -> o.path("result").asText(), TreeMap::new, Collectors.counting()))
                .toString();
    }

    private static List<String> ids(List<LaneEvent> events) {
        return events.stream().map(LaneEvent::id).toList();
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.concurrency.max-in-flight", 8);
        settings.put("logging.level.io.tokenpolicy", "warn");
        return settings;
    }
}
