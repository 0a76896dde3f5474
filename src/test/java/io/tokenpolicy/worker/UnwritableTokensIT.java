package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.tokenpolicy.worker.fixtures.TokenEventStream;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tokens whose stored fields the gateway would refuse to take back in a PUT: a quota that usage drove
 * below zero, a name over the gateway's limit (set by an admin), model limits and a group no PUT would
 * accept. A disable still lands, a narrowing that cannot be written disables instead, and money is
 * neither granted nor taken. The worker runs as its own JVM, one for all the cases.
 */
@RunsBesideOthers
@WorkerHarness(user = UnwritableTokensIT.USER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnwritableTokensIT {

    static final long USER = 23;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final AtomicLong tokenIds = new AtomicLong(100);
    private final TokenEventStream events;
    private final Outcomes outcomes;
    private WorkerJvm worker;

    UnwritableTokensIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.events = harness.eventStream();
        this.outcomes = harness.outcomes();
    }

    @BeforeAll
    void startWorker() {
        worker = WorkerJvm.start("unwritable-tokens-" + run, harness.workerSettings());
    }

    @AfterAll
    void stopWorker() {
        worker.close();
    }

    @Test
    void criticalIncidentDisablesATokenWhoseQuotaUsageDroveNegative() {
        EmulatedToken token = overspent(500, t -> t);

        JsonNode outcome = publishAndAwait(token.id(), "security.incident", incident("critical"));

        assertDisabledByStatusOnly(token.id(), outcome);
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(-500);
    }

    @Test
    void criticalIncidentDisablesATokenWhoseNameIsOverTheLimit() {
        EmulatedToken token = seed(t -> t.name("named by an admin, longer than the fifty bytes a PUT allows"));

        JsonNode outcome = publishAndAwait(token.id(), "security.incident", incident("critical"));

        assertDisabledByStatusOnly(token.id(), outcome);
        assertThat(gateway.token(token.id()).name()).isEqualTo(token.name());
    }

    @Test
    void highIncidentDisablesATokenWhoseModelLimitsAndGroupNoPutWouldTake() {
        EmulatedToken token = overspent(
                1, t -> t.modelLimitsEnabled(true).modelLimits("[\"gpt-5.4\"").group("retired-group"));

        JsonNode outcome = publishAndAwait(token.id(), "security.incident", incident("high"));

        assertDisabledByStatusOnly(token.id(), outcome);
        assertThat(gateway.token(token.id()).modelLimits()).isEqualTo("[\"gpt-5.4\"");
    }

    @Test
    void topUpOfANegativeQuotaAddsExactly() {
        EmulatedToken token = overspent(300, t -> t);
        long fundedAtStart = token.fundedTotal();

        JsonNode tooSmall = publishAndAwait(token.id(), "billing.topup", Map.of("amount", 200));
        assertThat(tooSmall.path("result").asText()).isEqualTo("REJECTED");
        assertThat(tooSmall.path("reason").asText()).contains("-100", "negative", "nobody paid for");
        assertThat(gateway.token(token.id()).fundedTotal()).isEqualTo(fundedAtStart);

        JsonNode enough = publishAndAwait(token.id(), "billing.topup", Map.of("amount", 1_000));
        assertThat(enough.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(700);
        assertThat(gateway.token(token.id()).fundedTotal()).isEqualTo(fundedAtStart + 1_000);
    }

    @Test
    void refundOfANegativeQuotaGrantsNothing() {
        EmulatedToken token = overspent(300, t -> t);

        JsonNode outcome = publishAndAwait(token.id(), "billing.refund", Map.of("amount", 100));

        assertThat(outcome.path("result").asText()).isEqualTo("NO_CHANGE");
        assertThat(gateway.token(token.id())).isEqualTo(token);
    }

    @Test
    void narrowingThatCannotBeWrittenDisablesTheToken() {
        EmulatedToken negative = overspent(200, t -> t);
        EmulatedToken longName = seed(t -> t.modelLimitsEnabled(true)
                .modelLimits("gpt-5.4,claude-sonnet-4-6")
                .name("x".repeat(51)));

        JsonNode narrowedIps =
                publishAndAwait(negative.id(), "security.ip_restriction", Map.of("allow_ips", List.of("10.0.0.0/8")));
        JsonNode narrowedModels =
                publishAndAwait(longName.id(), "security.model_restriction", Map.of("models", List.of("gpt-5.4")));

        assertDisabledInsteadOfNarrowed(negative.id(), narrowedIps, "allow_ips");
        assertThat(gateway.token(negative.id()).allowIps()).isNull();
        assertDisabledInsteadOfNarrowed(longName.id(), narrowedModels, "model_limits");
        assertThat(gateway.token(longName.id()).modelLimits()).isEqualTo("gpt-5.4,claude-sonnet-4-6");
    }

    @Test
    void narrowingThatCannotBeWrittenToAnIncidentsTokenKeepsItClosedAfterTheResolutionUntilATopUpWritesIt() {
        EmulatedToken token = overspent(200, t -> t);

        publishAndAwait(token.id(), "security.incident", incident("critical"));
        JsonNode narrowing =
                publishAndAwait(token.id(), "security.ip_restriction", Map.of("allow_ips", List.of("10.0.0.0/8")));
        JsonNode resolution = publishAndAwait(token.id(), "security.incident_resolved", Map.of());

        assertThat(narrowing.path("reason").asText()).contains("allow_ips could not be narrowed", "stays disabled");
        assertThat(resolution.path("result").asText()).isEqualTo("NO_CHANGE");
        assertThat(resolution.path("reason").asText()).contains("left disabled until its narrowing");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(token.id()).allowIps()).isNull();

        JsonNode topUp = publishAndAwait(token.id(), "billing.topup", Map.of("amount", 1_000));

        assertThat(topUp.path("reason").asText()).contains("the narrowing an earlier event could not write");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(gateway.token(token.id()).allowIps()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void planChangeOfATokenWithANegativeQuotaIsRejectedSayingWhy() {
        EmulatedToken token = overspent(100, t -> t.group("default"));

        JsonNode outcome = publishAndAwait(token.id(), "billing.plan_changed", Map.of("group", "premium"));

        assertThat(outcome.path("result").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("reason").asText()).contains("remain_quota", "-100", "nobody paid for");
        assertThat(gateway.token(token.id()).group()).isEqualTo("default");
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(-100);
    }

    private void assertDisabledByStatusOnly(long tokenId, JsonNode outcome) {
        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(outcome.path("changes").toString()).isEqualTo("[{\"field\":\"status\",\"before\":1,\"after\":2}]");
        assertThat(gateway.token(tokenId).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(statusOnlyBodies(tokenId)).singleElement().satisfies(body -> assertThat(fieldNames(body))
                .containsExactlyInAnyOrder("id", "status"));
    }

    private void assertDisabledInsteadOfNarrowed(long tokenId, JsonNode outcome, String field) {
        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(outcome.path("reason").asText()).contains(field, "could not be", "token disabled until then");
        assertThat(outcome.path("changes").toString()).isEqualTo("[{\"field\":\"status\",\"before\":1,\"after\":2}]");
        assertThat(gateway.token(tokenId).status()).isEqualTo(EmulatedToken.DISABLED);
    }

    private List<String> statusOnlyBodies(long tokenId) {
        return gateway.requests(Route.PUT_STATUS_ONLY).stream()
                .map(RecordedRequest::body)
                .filter(body -> json(body).path("id").asLong() == tokenId)
                .toList();
    }

    private static List<String> fieldNames(String body) {
        List<String> names = new ArrayList<>();
        json(body).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private EmulatedToken seed(UnaryOperator<EmulatedToken.Builder> fields) {
        return gateway.addToken(fields.apply(EmulatedToken.forUser(USER).id(tokenIds.incrementAndGet()))
                .build());
    }

    /** A token with the fields given whose usage drove its quota to {@code -below}, as the gateway now holds it. */
    private EmulatedToken overspent(long below, UnaryOperator<EmulatedToken.Builder> fields) {
        EmulatedToken token = seed(t -> fields.apply(t.remainQuota(1_000)));
        return gateway.simulateUsage(token.id(), 1_000 + below);
    }

    private Map<String, Object> incident(String severity) {
        return Map.of("severity", severity, "reason", "key seen in a public repository");
    }

    private JsonNode publishAndAwait(long tokenId, String type, Map<String, Object> data) {
        Map<String, Object> withToken = new HashMap<>(data);
        withToken.put("token_id", tokenId);
        String id = "evt-" + UUID.randomUUID();
        events.publish(tokenId, id, CloudEvents.event(id, type, withToken));
        events.flush();
        return outcomes.awaitFor(id);
    }
}
