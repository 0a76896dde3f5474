package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.Quota;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenPolicy;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenEventApplierTest {

    private static final long TOKEN_ID = 42;
    private static final Instant RECEIVED = Instant.parse("2026-05-01T12:00:00Z");
    private static final Instant NOW = RECEIVED.plusMillis(30);

    @Test
    void topUpOfExhaustedTokenRaisesQuotaBeforeReEnablingIt() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.EXHAUSTED, 0));

        Outcome outcome = apply(gateway, topUp(500));

        assertThat(gateway.calls()).containsExactly("read", "replace", "status ENABLED");
        assertThat(gateway.token(TOKEN_ID)).isEqualTo(token(TokenStatus.ENABLED, 500));
        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(outcome.changes())
                .containsExactly(new FieldChange("status", 4, 1), new FieldChange("remain_quota", 0L, 500L));
        assertThat(outcome.apiCalls()).isEqualTo(3);
        assertThat(outcome.attempts()).isEqualTo(3);
    }

    @Test
    void topUpOfEnabledTokenOnlyReplacesIt() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000));

        Outcome outcome = apply(gateway, topUp(500));

        assertThat(gateway.calls()).containsExactly("read", "replace");
        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(outcome.changes()).containsExactly(new FieldChange("remain_quota", 1_000L, 1_500L));
    }

    @Test
    void disableChangesOnlyTheStatus() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000));

        Outcome outcome = apply(gateway, incident(Severity.HIGH, Optional.empty()));

        assertThat(gateway.calls()).containsExactly("read", "status DISABLED");
        assertThat(gateway.token(TOKEN_ID).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(outcome.changes()).containsExactly(new FieldChange("status", 1, 2));
    }

    @Test
    void narrowingToNothingDisablesWithoutWritingAllowIps() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000).withAllowIps(ips("10.0.0.0/8")));

        Outcome outcome = apply(gateway, ipRestriction("192.168.0.0/16"));

        assertThat(gateway.calls()).containsExactly("read", "status DISABLED");
        assertThat(gateway.token(TOKEN_ID).allowIps()).isEqualTo(ips("10.0.0.0/8"));
        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
    }

    @Test
    void narrowingReplacesTheTokenWithTheNarrowerAllowIps() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000).withAllowIps(ips("10.0.0.0/8")));

        Outcome outcome = apply(gateway, ipRestriction("10.1.0.0/16"));

        assertThat(gateway.calls()).containsExactly("read", "replace");
        assertThat(outcome.changes()).containsExactly(new FieldChange("allow_ips", "10.0.0.0/8", "10.1.0.0/16"));
    }

    @Test
    void eventThatChangesNothingMakesNoWrite() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000));

        Outcome outcome = apply(gateway, incident(Severity.LOW, Optional.empty()));

        assertThat(gateway.calls()).containsExactly("read");
        assertThat(outcome.result()).isEqualTo(Result.NO_CHANGE);
        assertThat(outcome.changes()).isEmpty();
        assertThat(outcome.apiCalls()).isEqualTo(1);
    }

    @Test
    void disableOfDisabledTokenMakesNoWrite() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.DISABLED, 1_000));

        Outcome outcome = apply(gateway, incident(Severity.CRITICAL, Optional.empty()));

        assertThat(gateway.calls()).containsExactly("read");
        assertThat(outcome.result()).isEqualTo(Result.NO_CHANGE);
    }

    @Test
    void refusedChangeIsRejectedWithoutWrite() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, Quota.MAX));

        Outcome outcome = apply(gateway, topUp(1));

        assertThat(gateway.calls()).containsExactly("read");
        assertThat(outcome.result()).isEqualTo(Result.REJECTED);
        assertThat(outcome.reason()).contains("maximum");
    }

    @Test
    void permanentFailureIsRejectedWithoutRetry() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000))
                .failing("replace", 1, () -> new PermanentGatewayException("remain_quota too large"));

        Outcome outcome = apply(gateway, topUp(500));

        assertThat(gateway.calls()).containsExactly("read", "replace");
        assertThat(outcome.result()).isEqualTo(Result.REJECTED);
        assertThat(outcome.reason()).isEqualTo("gateway refused: remain_quota too large");
        assertThat(outcome.apiCalls()).isEqualTo(2);
        assertThat(outcome.attempts()).isEqualTo(2);
    }

    @Test
    void unknownTokenIsRejected() {
        FakeTokenGateway gateway = new FakeTokenGateway();

        Outcome outcome = apply(gateway, topUp(500));

        assertThat(outcome.result()).isEqualTo(Result.REJECTED);
        assertThat(outcome.reason()).contains("record not found");
        assertThat(outcome.attempts()).isEqualTo(1);
    }

    @Test
    void transientFailureWithinTheRetryBudgetIsRetried() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000))
                .failing("read", 2, () -> new TransientGatewayException("HTTP 429"));

        Outcome outcome = apply(gateway, topUp(500));

        assertThat(gateway.calls()).containsExactly("read", "read", "read", "replace");
        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(outcome.apiCalls()).isEqualTo(2);
        assertThat(outcome.attempts()).isEqualTo(4);
    }

    @Test
    void transientFailuresBeyondTheRetryBudgetFail() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000))
                .failing("read", 5, () -> new TransientGatewayException("HTTP 503"));

        Outcome outcome = apply(gateway, topUp(500));

        assertThat(gateway.calls()).containsExactly("read", "read", "read");
        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason())
                .startsWith("gateway unavailable after 3 attempts in ")
                .endsWith(" ms: HTTP 503; retry budget spent: max-attempts 3 reached");
        assertThat(outcome.apiCalls()).isEqualTo(1);
        assertThat(outcome.attempts()).isEqualTo(3);
    }

    @Test
    void attemptsCountEveryCallOfTheEvent() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.EXHAUSTED, 0))
                .failing("status", 3, () -> new TransientGatewayException("timed out"));

        Outcome outcome = apply(gateway, topUp(500));

        assertThat(gateway.calls())
                .containsExactly("read", "replace", "status ENABLED", "status ENABLED", "status ENABLED");
        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.apiCalls()).isEqualTo(3);
        assertThat(outcome.attempts()).isEqualTo(5);
    }

    @Test
    void eventOfUserWithoutCredentialsIsRejectedWithoutCalls() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000));
        TokenEvent foreign = CatalogueEvents.topUp(
                new EventEnvelope("/billing/test", "evt-9", Catalogue.TOPUP, null, TOKEN_ID, 99), 500);

        Outcome outcome = apply(gateway, foreign);

        assertThat(gateway.calls()).isEmpty();
        assertThat(outcome.result()).isEqualTo(Result.REJECTED);
        assertThat(outcome.reason()).contains("user_id 99");
    }

    @Test
    void planningReadsButWritesNothingAndNamesTheWritesItWouldMake() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.EXHAUSTED, 0));

        Outcome outcome = planner(gateway).apply(topUp(500), RECEIVED);

        assertThat(gateway.calls()).containsExactly("read");
        assertThat(gateway.token(TOKEN_ID)).isEqualTo(token(TokenStatus.EXHAUSTED, 0));
        assertThat(outcome.result()).isEqualTo(Result.PLANNED);
        assertThat(outcome.reason()).endsWith("would write: full PUT, then status-only PUT (status 1)");
        assertThat(outcome.changes())
                .containsExactly(new FieldChange("status", 4, 1), new FieldChange("remain_quota", 0L, 500L));
        assertThat(outcome.apiCalls()).isEqualTo(1);
    }

    @Test
    void planningRecordsNoIntent() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000));
        List<Intent> recorded = new java.util.ArrayList<>();
        IntentLog intents = new IntentLog() {
            @Override
            public void record(Intent intent) {
                recorded.add(intent);
            }

            @Override
            public void recordHold(long userId, long tokenId, SecurityFacts facts) {
                throw new AssertionError("a plan records no hold");
            }

            @Override
            public List<Intent> open(long tokenId) {
                throw new AssertionError("a plan settles no intent");
            }

            @Override
            public void settle(Intent intent, long userId) {
                throw new AssertionError("a plan settles no intent");
            }
        };

        List<Outcome> outcomes =
                planner(gateway).applyAll(List.of(topUp(500)), RECEIVED, intents, SecurityHolds.NONE, new HandOver());

        assertThat(outcomes).extracting(Outcome::result).containsExactly(Result.PLANNED);
        assertThat(recorded).isEmpty();
    }

    @Test
    void outcomeCarriesTheEventIdentityAndTimes() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, 1_000));

        Outcome outcome = apply(gateway, topUp(500));

        assertThat(outcome.eventId()).isEqualTo("evt-1");
        assertThat(outcome.eventType()).isEqualTo(Catalogue.TOPUP);
        assertThat(outcome.tokenId()).isEqualTo(TOKEN_ID);
        assertThat(outcome.userId()).isEqualTo(FakeTokenGateway.USER_ID);
        assertThat(outcome.receivedAt()).isEqualTo(RECEIVED);
        assertThat(outcome.completedAt()).isEqualTo(NOW);
    }

    private static Outcome apply(FakeTokenGateway gateway, TokenEvent event) {
        TokenEventApplier applier = new TokenEventApplier(
                gateway,
                new TokenPolicy(RuleSet.catalogue()),
                ApplyConfiguration.gatewayRetry(
                        new RetryProperties(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(10)),
                        new GatewayCircuit(new CircuitProperties(1000, Duration.ofSeconds(1), 1), Clock.systemUTC())),
                Clock.fixed(NOW, ZoneOffset.UTC));
        return applier.apply(event, RECEIVED);
    }

    private static TokenEventApplier planner(FakeTokenGateway gateway) {
        return TokenEventApplier.planning(
                gateway,
                new TokenPolicy(RuleSet.catalogue()),
                ApplyConfiguration.gatewayRetry(
                        new RetryProperties(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(10)),
                        new GatewayCircuit(new CircuitProperties(1000, Duration.ofSeconds(1), 1), Clock.systemUTC())),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static FakeTokenGateway gatewayWith(TokenState token) {
        return new FakeTokenGateway().with(token);
    }

    private static TokenState token(TokenStatus status, long remainQuota) {
        return new TokenState(TOKEN_ID, status, remainQuota, false, AllowIps.unrestricted());
    }

    private static EventEnvelope envelope(String type) {
        return new EventEnvelope("/billing/test", "evt-1", type, RECEIVED, TOKEN_ID, FakeTokenGateway.USER_ID);
    }

    private static TokenEvent topUp(long amount) {
        return CatalogueEvents.topUp(envelope(Catalogue.TOPUP), amount);
    }

    private static TokenEvent incident(Severity severity, Optional<AllowIps> allowIps) {
        return CatalogueEvents.incident(envelope(Catalogue.INCIDENT), severity, "key leaked", allowIps);
    }

    private static TokenEvent ipRestriction(String... entries) {
        return CatalogueEvents.ipRestriction(envelope(Catalogue.IP_RESTRICTION), ips(entries));
    }

    private static AllowIps ips(String... entries) {
        return AllowIps.of(List.of(entries));
    }
}
