package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.DatabaseStep;
import io.tokenpolicy.worker.emulator.EmulatedDialect;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.ForkBehaviour;
import io.tokenpolicy.worker.emulator.ServerProfile;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The worker against every server the emulator speaks (docs/gateways.md), one worker per profile: the catalogue's ten
 * event types, the token API's traps, and each kind of answer that differs from the write. The emulator's fork
 * behaviours cannot be switched off, so they come last, one after another, each on tokens of its own.
 */
@WorkerHarness(user = GatewayProfilesIT.USER)
@ExtendWith(OutputCaptureExtension.class)
class GatewayProfilesIT {

    static final long USER = 37;

    private static final long LATER = 4_200_000_000L;

    private static final long PAST = 1_700_000_000L;

    private final AtomicLong tokenIds = new AtomicLong(5_000);

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final Outcomes outcomes;

    GatewayProfilesIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.outcomes = harness.outcomes();
    }

    @ParameterizedTest
    @EnumSource(ServerProfile.class)
    void theWorkerIsRightAgainstEveryProfile(ServerProfile profile, CapturedOutput output) {
        gateway.speak(profile);
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-api.dialect", dialectSetting(profile));
        settings.put("token-policy.retry.initial-backoff", "10ms");
        settings.put("token-policy.retry.max-backoff", "100ms");
        try (WorkerProcess worker = WorkerProcess.start(settings)) {
            catalogueAndTraps(profile);
            databaseErrorAnsweredAsARefusal();
            if (profile == ServerProfile.NEW_API_2026_08) {
                tooManyRequestsWithRetryAfter();
            }
            differingAnswers(profile);
        }
        assertThat(outcomes.all().toString()).doesNotContain(keys());
        assertThat(output.getAll()).doesNotContain(keys());
    }

    private void catalogueAndTraps(ServerProfile profile) {
        EmulatedDialect dialect = profile.dialect();
        String models = models(dialect, "gpt-5.4", "o4");
        String allowIps = dialect == EmulatedDialect.ONE_API ? "10.0.0.0/8" : "10.0.0.0/8\n192.168.1.10";
        EmulatedToken topUp = seed(token().remainQuota(1_000)
                .name("kept-name")
                .expiredTime(LATER)
                .allowIps(allowIps)
                .modelLimitsEnabled(true)
                .modelLimits(models)
                .group(profile.dialect() == EmulatedDialect.ONE_API ? "" : "default")
                .crossGroupRetry(profile == ServerProfile.NEW_API_2026_04 || profile == ServerProfile.CRAZYROUTER)
                .autoGroups(List.of("default", "vip")));
        EmulatedToken refund = seed(token().remainQuota(1_000));
        EmulatedToken exhausted = seed(token().status(EmulatedToken.EXHAUSTED).remainQuota(0));
        EmulatedToken plan = seed(token().group("default").crossGroupRetry(true).allowIps(allowIps));
        EmulatedToken ended = seed(token());
        EmulatedToken incident = seed(token());
        EmulatedToken narrowed = seed(token().allowIps(allowIps));
        EmulatedToken restricted = seed(token().modelLimitsEnabled(true).modelLimits(models));
        EmulatedToken resolved = seed(token());
        EmulatedToken expired = seed(token().status(EmulatedToken.EXPIRED).expiredTime(PAST));
        EmulatedToken negative = seed(token().remainQuota(-500).usedQuota(1_500));
        EmulatedToken jsonArray = seed(token().modelLimitsEnabled(true).modelLimits("[\"gpt-5.4\",\"o4\"]"));
        if (profile == ServerProfile.NEW_API_2026_08) {
            gateway.setSelectableGroups(USER, Set.of("default"));
        }

        Map<String, JsonNode> results = sendAll(List.of(
                event(topUp, "billing.topup", Map.of("amount", 500)),
                event(refund, "billing.refund", Map.of("amount", 300)),
                event(exhausted, "billing.quota_reset", Map.of("remain_quota", 2_000)),
                event(plan, "billing.plan_changed", Map.of("group", "vip", "expired_time", LATER)),
                event(ended, "billing.subscription_ended", Map.of()),
                event(incident, "security.incident", Map.of("severity", "critical", "reason", "leaked")),
                event(resolved, "security.incident", Map.of("severity", "high", "reason", "leaked")),
                event(resolved, "security.incident_resolved", Map.of()),
                event(narrowed, "security.ip_restriction", Map.of("allow_ips", List.of("10.1.0.0/16"))),
                event(restricted, "security.model_restriction", Map.of("models", List.of("o4", "gpt-6"))),
                event(expired, "token.expiry_set", Map.of("expired_time", LATER)),
                event(negative, "billing.topup", Map.of("amount", 1_000)),
                event(jsonArray, "billing.plan_changed", Map.of("models", List.of("gpt-5.4")))));

        List<String> ids = new ArrayList<>(results.keySet());
        JsonNode planOutcome = results.get(ids.get(3));
        for (int i = 0; i < ids.size(); i++) {
            if (i != 3) {
                assertThat(results.get(ids.get(i)).path("result").asText())
                        .as("%s: %s", profile.label(), results.get(ids.get(i)))
                        .isEqualTo("APPLIED");
            }
        }

        EmulatedToken toppedUp = gateway.token(topUp.id());
        assertThat(toppedUp.remainQuota()).isEqualTo(1_500);
        assertThat(toppedUp)
                .as("a full replace keeps every field, auto_groups too where it is now invalid")
                .usingRecursiveComparison()
                .ignoringFields("remainQuota", "accessedTime")
                .isEqualTo(topUp);
        assertThat(gateway.putBodies()).noneMatch(body -> body.contains("auto_groups"));

        assertThat(gateway.token(refund.id()).remainQuota()).isEqualTo(700);
        assertThat(gateway.token(exhausted.id()).remainQuota()).isEqualTo(2_000);
        assertThat(gateway.token(exhausted.id()).status()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(gateway.token(ended.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(ended.id()).remainQuota()).isEqualTo(1_000);
        assertThat(gateway.token(incident.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(resolved.id()).status()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(gateway.token(narrowed.id()).allowIps()).isEqualTo("10.1.0.0/16");
        assertThat(gateway.admitsModel(restricted.id(), "o4")).isTrue();
        assertThat(gateway.admitsModel(restricted.id(), "gpt-5.4")).isFalse();
        assertThat(gateway.token(expired.id()).status()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(gateway.token(expired.id()).expiredTime()).isEqualTo(LATER);
        assertThat(gateway.token(negative.id()).remainQuota()).isEqualTo(500);

        if (profile.dialect() == EmulatedDialect.ONE_API) {
            assertThat(planOutcome.path("result").asText())
                    .as("%s", planOutcome)
                    .isEqualTo("REJECTED");
            assertThat(gateway.token(plan.id()).expiredTime()).isEqualTo(-1);
        } else {
            assertThat(planOutcome.path("result").asText())
                    .as("%s", planOutcome)
                    .isEqualTo("APPLIED");
            assertThat(gateway.token(plan.id()).group()).isEqualTo("vip");
            assertThat(gateway.token(plan.id()).crossGroupRetry())
                    .as("cross_group_retry outside group auto")
                    .isEqualTo(profile != ServerProfile.NEW_API_2026_08);
            assertThat(gateway.token(plan.id()).allowIps()).isEqualTo(allowIps);
        }
        assertThat(gateway.admitsModel(jsonArray.id(), "gpt-5.4"))
                .as("%s", gateway.token(jsonArray.id()))
                .isTrue();
        assertThat(gateway.token(jsonArray.id()).modelLimits()).isEqualTo(models(dialect, "gpt-5.4"));
    }

    private void databaseErrorAnsweredAsARefusal() {
        EmulatedToken token = seed(token().remainQuota(1_000));
        gateway.failDatabase(DatabaseStep.UPDATE, 1, DatabaseStep.SQLITE_LOCKED);

        JsonNode outcome = sendAll(List.of(event(token, "billing.topup", Map.of("amount", 250))))
                .values()
                .iterator()
                .next();

        assertThat(outcome.path("result").asText()).as("%s", outcome).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(1_250);
    }

    private void tooManyRequestsWithRetryAfter() {
        List<EmulatedToken> tokens = List.of(seed(token()), seed(token()), seed(token()));
        gateway.resetCounters();
        gateway.setRateLimit(2, Duration.ofSeconds(1));

        Map<String, JsonNode> results = sendAll(tokens.stream()
                .map(token -> event(token, "billing.topup", Map.of("amount", 10)))
                .toList());
        gateway.clearRateLimit();

        assertThat(gateway.tooManyRequestsAnswered()).isPositive();
        assertThat(results.values())
                .allSatisfy(outcome -> assertThat(outcome.path("result").asText())
                        .as("%s", outcome)
                        .isEqualTo("APPLIED"));
        assertThat(tokens)
                .allSatisfy(token ->
                        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(1_010));
    }

    private void differingAnswers(ServerProfile profile) {
        EmulatedToken disabled = seed(token().status(EmulatedToken.DISABLED).remainQuota(100));
        gateway.behaveLike(ForkBehaviour.RE_ENABLES_ON_QUOTA_RAISE);
        JsonNode reEnabled = only(event(disabled, "billing.topup", Map.of("amount", 100)));
        assertThat(reEnabled.path("result").asText()).as("%s", reEnabled).isEqualTo("APPLIED");
        assertThat(reEnabled.path("gateway_differs").isEmpty())
                .as("%s", reEnabled)
                .isFalse();
        assertThat(gateway.token(disabled.id()).status()).isEqualTo(EmulatedToken.DISABLED);

        String allowIpsField = profile.dialect() == EmulatedDialect.ONE_API ? "subnet" : "allow_ips";
        EmulatedToken wide = seed(token().allowIps("10.0.0.0/8"));
        gateway.forgetField(allowIpsField);
        JsonNode dropped = only(event(wide, "security.ip_restriction", Map.of("allow_ips", List.of("10.1.0.0/16"))));
        assertThat(dropped.path("result").asText()).as("%s", dropped).isEqualTo("FAILED");
        assertThat(gateway.token(wide.id()).allowIps()).isEqualTo("10.0.0.0/8");

        EmulatedToken cached = seed(token().remainQuota(1_000));
        gateway.behaveLike(ForkBehaviour.ANSWERS_STATE_BEFORE_WRITE);
        JsonNode stale = only(event(cached, "billing.topup", Map.of("amount", 100)));
        assertThat(stale.path("gateway_differs").isEmpty()).as("%s", stale).isFalse();
    }

    private JsonNode only(Event event) {
        return sendAll(List.of(event)).values().iterator().next();
    }

    private Map<String, JsonNode> sendAll(List<Event> events) {
        events.forEach(event -> harness.producer()
                .send(new ProducerRecord<>(harness.eventsTopic(), Long.toString(event.tokenId()), event.json())));
        List<String> ids = events.stream().map(Event::id).toList();
        List<JsonNode> received = outcomes.awaitAll(ids, Duration.ofSeconds(60));
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        ids.forEach(id -> byId.put(
                id,
                received.stream()
                        .filter(outcome -> id.equals(outcome.path("event_id").asText()))
                        .findFirst()
                        .orElseThrow()));
        return byId;
    }

    private Event event(EmulatedToken token, String type, Map<String, Object> fields) {
        String id = "evt-" + UUID.randomUUID();
        Map<String, Object> data = new LinkedHashMap<>(fields);
        data.put("token_id", token.id());
        return new Event(token.id(), id, CloudEvents.event(id, type, data));
    }

    private String[] keys() {
        return tokenIdsSeeded().stream().map(id -> gateway.token(id).key()).toArray(String[]::new);
    }

    private List<Long> tokenIdsSeeded() {
        List<Long> ids = new ArrayList<>();
        for (long id = 5_001; id <= tokenIds.get(); id++) {
            ids.add(id);
        }
        return ids;
    }

    private EmulatedToken seed(EmulatedToken.Builder token) {
        return gateway.addToken(token.build());
    }

    private EmulatedToken.Builder token() {
        return EmulatedToken.forUser(USER)
                .id(tokenIds.incrementAndGet())
                .status(EmulatedToken.ENABLED)
                .remainQuota(1_000)
                .expiredTime(-1)
                .name("profile-token");
    }

    private static String models(EmulatedDialect dialect, String... names) {
        if (dialect == EmulatedDialect.CRAZYROUTER) {
            return "[\"" + String.join("\",\"", names) + "\"]";
        }
        return String.join(",", names);
    }

    private static String dialectSetting(ServerProfile profile) {
        return switch (profile.dialect()) {
            case NEW_API -> "new-api";
            case CRAZYROUTER -> "crazyrouter";
            case ONE_API -> "one-api";
        };
    }

    private record Event(long tokenId, String id, String json) {}
}
