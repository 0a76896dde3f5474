package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tokens whose fields the gateway will not store: a quota that usage drove below 0 (known before
 * asking), or a full PUT it refuses (a stored name over its limit, say). Only the status is written then.
 */
class UnwritableFieldsTest {

    private static final long TOKEN_ID = 42;
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final PermanentGatewayException NAME_TOO_LONG =
            new PermanentGatewayException("PUT token 42: Token name is too long");

    @Test
    void narrowingOfATokenWithANegativeQuotaDisablesItWithoutTryingTheFullPut() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, -300));

        Outcome outcome =
                apply(gateway, List.of(ipRestriction("id-1", "10.0.0.0/8"))).get(0);

        assertThat(gateway.calls()).containsExactly("read", "status DISABLED");
        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(outcome.changes()).containsExactly(new FieldChange("status", 1, 2));
        assertThat(outcome.reason())
                .startsWith(
                        "allow_ips could not be narrowed (gateway would refuse: a full PUT would carry remain_quota -300")
                .endsWith("; the narrowing waits for the token's next full write; token disabled until then, which"
                        + " re-enables it");
    }

    @Test
    void narrowingTheGatewayRefusesDisablesTheTokenInstead() {
        FakeTokenGateway gateway =
                gatewayWith(token(TokenStatus.ENABLED, 1_000)).failing("replace", 1, () -> NAME_TOO_LONG);

        Outcome outcome =
                apply(gateway, List.of(ipRestriction("id-1", "10.0.0.0/8"))).get(0);

        assertThat(gateway.calls()).containsExactly("read", "replace", "status DISABLED");
        assertThat(gateway.token(TOKEN_ID)).isEqualTo(token(TokenStatus.DISABLED, 1_000));
        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(outcome.changes()).containsExactly(new FieldChange("status", 1, 2));
        assertThat(outcome.reason())
                .isEqualTo("allow_ips could not be narrowed (gateway refused: PUT token 42:"
                        + " Token name is too long); the narrowing waits for the token's next full write; token disabled"
                        + " until then, which re-enables it");
    }

    @Test
    void disableLandsAndTheOtherChangesOfItsBatchAreRejectedWhenTheFullPutIsRefused() {
        FakeTokenGateway gateway =
                gatewayWith(token(TokenStatus.ENABLED, 1_000)).failing("replace", 1, () -> NAME_TOO_LONG);

        List<Outcome> outcomes =
                apply(gateway, List.of(incident("id-1"), topUp("id-2", 500), ipRestriction("id-3", "10.0.0.0/8")));

        assertThat(gateway.calls()).containsExactly("read", "status DISABLED", "replace");
        assertThat(gateway.token(TOKEN_ID)).isEqualTo(token(TokenStatus.DISABLED, 1_000));
        assertThat(outcomes)
                .extracting(Outcome::result)
                .containsExactly(Result.APPLIED, Result.REJECTED, Result.APPLIED);
        assertThat(outcomes.get(1).reason()).isEqualTo("gateway refused: PUT token 42: Token name is too long");
        assertThat(outcomes.get(2).changes()).isEmpty();
        assertThat(outcomes.get(2).reason())
                .endsWith("the narrowing waits for the token's next full write, and the token stays disabled");
    }

    @Test
    void topUpThatLeavesTheQuotaNegativeIsRejectedWithoutAWrite() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.EXHAUSTED, -300));

        Outcome outcome = apply(gateway, List.of(topUp("id-1", 200))).get(0);

        assertThat(gateway.calls()).containsExactly("read");
        assertThat(outcome.result()).isEqualTo(Result.REJECTED);
        assertThat(outcome.reason())
                .isEqualTo(
                        "gateway would refuse: a full PUT would carry remain_quota -100 (usage settled"
                                + " below 0), and the gateway refuses a negative quota; writing 0 instead would grant quota nobody paid for");
    }

    @Test
    void topUpsOfOneBatchThatTogetherCoverTheNegativeQuotaAreEachAddedExactly() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.EXHAUSTED, -300));

        List<Outcome> outcomes = apply(gateway, List.of(topUp("id-1", 200), topUp("id-2", 1_000)));

        assertThat(gateway.calls()).containsExactly("read", "replace", "status ENABLED");
        assertThat(gateway.token(TOKEN_ID)).isEqualTo(token(TokenStatus.ENABLED, 900));
        assertThat(outcomes).extracting(Outcome::result).containsExactly(Result.APPLIED, Result.APPLIED);
        assertThat(outcomes.get(0).changes())
                .containsExactly(new FieldChange("status", 4, 1), new FieldChange("remain_quota", -300L, -100L));
    }

    @Test
    void planningOfANarrowingOnANegativeQuotaNamesTheDisable() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, -300));

        Outcome outcome = applier(gateway, true).apply(ipRestriction("id-1", "10.0.0.0/8"), NOW);

        assertThat(gateway.calls()).containsExactly("read");
        assertThat(outcome.result()).isEqualTo(Result.PLANNED);
        assertThat(outcome.reason()).endsWith("would write: status-only PUT (status 2)");
    }

    @Test
    void refundOfANegativeQuotaTakesNothing() {
        FakeTokenGateway gateway = gatewayWith(token(TokenStatus.ENABLED, -300));

        Outcome outcome = apply(gateway, List.of(event("id-1", "billing.refund", Map.of("amount", 100L))))
                .get(0);

        assertThat(gateway.calls()).containsExactly("read");
        assertThat(outcome.result()).isEqualTo(Result.NO_CHANGE);
        assertThat(outcome.reason())
                .isEqualTo("remain_quota is -300 (usage settled below 0): nothing left to take back");
    }

    private static List<Outcome> apply(FakeTokenGateway gateway, List<TokenEvent> events) {
        return applier(gateway, false).applyAll(events, NOW, IntentLog.NONE, SecurityHolds.NONE, new HandOver());
    }

    private static TokenEventApplier applier(FakeTokenGateway gateway, boolean planning) {
        GatewayRetry retry = ApplyConfiguration.gatewayRetry(
                new RetryProperties(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(10)),
                new GatewayCircuit(new CircuitProperties(1000, Duration.ofSeconds(1), 1), Clock.systemUTC()));
        TokenPolicy policy = new TokenPolicy(RuleSet.catalogue());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return planning
                ? TokenEventApplier.planning(gateway, policy, retry, clock)
                : new TokenEventApplier(gateway, policy, retry, clock);
    }

    private static FakeTokenGateway gatewayWith(TokenState token) {
        return new FakeTokenGateway().with(token);
    }

    private static TokenState token(TokenStatus status, long remainQuota) {
        return new TokenState(TOKEN_ID, status, remainQuota, false, AllowIps.unrestricted());
    }

    private static EventEnvelope envelope(String id, String type) {
        return new EventEnvelope("/billing", id, type, NOW, TOKEN_ID, FakeTokenGateway.USER_ID);
    }

    private static TokenEvent topUp(String id, long amount) {
        return CatalogueEvents.topUp(envelope(id, Catalogue.TOPUP), amount);
    }

    private static TokenEvent incident(String id) {
        return CatalogueEvents.incident(
                envelope(id, Catalogue.INCIDENT), Severity.CRITICAL, "key leaked", Optional.empty());
    }

    private static TokenEvent ipRestriction(String id, String entry) {
        return CatalogueEvents.ipRestriction(envelope(id, Catalogue.IP_RESTRICTION), AllowIps.of(List.of(entry)));
    }

    private static TokenEvent event(String id, String type, Map<String, Object> data) {
        return new TokenEvent(envelope(id, type), new EventData(data));
    }
}
