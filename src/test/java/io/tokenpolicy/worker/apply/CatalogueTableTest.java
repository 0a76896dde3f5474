package io.tokenpolicy.worker.apply;

import static io.tokenpolicy.worker.apply.Result.APPLIED;
import static io.tokenpolicy.worker.apply.Result.NO_CHANGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.ModelLimits;
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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalogue event type against every kind of token, through the policy and the applier
 * onto a gateway that enforces new-api's guards: the exact token left behind and the result.
 */
class CatalogueTableTest {

    private static final long TOKEN_ID = 42;
    private static final long PAST = 1_700_000_000L;
    private static final long FUTURE = 4_102_444_800L;
    private static final long LATER = 4_200_000_000L;
    private static final Instant NOW = Instant.now();
    private static final ModelLimits A_B = ModelLimits.only(List.of("gpt-a", "gpt-b"));

    @ParameterizedTest(name = "{0} on {1} token")
    @MethodSource("everyTypeOnEveryToken")
    void eventLeavesExactlyTheExpectedToken(
            String type, String tokenKind, TokenEvent event, TokenState before, TokenState expected, Result result) {
        FakeTokenGateway gateway = new FakeTokenGateway().with(before);

        Outcome outcome = applier(gateway).apply(event, NOW);

        assertThat(gateway.token(TOKEN_ID)).isEqualTo(expected);
        assertThat(outcome.result()).as(outcome.reason()).isEqualTo(result);
        assertThat(outcome.changes()).isEqualTo(result == APPLIED ? TokenChanges.between(before, expected) : List.of());
    }

    static Stream<Arguments> everyTypeOnEveryToken() {
        return Stream.of(
                row(Catalogue.TOPUP, "enabled", enabled(), enabled().withRemainQuota(1_500), APPLIED),
                row(Catalogue.TOPUP, "disabled", disabled(), disabled().withRemainQuota(1_500), APPLIED),
                row(Catalogue.TOPUP, "expired", expired(), expired().withRemainQuota(1_500), APPLIED),
                row(
                        Catalogue.TOPUP,
                        "exhausted",
                        exhausted(),
                        exhausted().withRemainQuota(500).withStatus(TokenStatus.ENABLED),
                        APPLIED),
                row(Catalogue.TOPUP, "unlimited", unlimited(), unlimited(), NO_CHANGE),
                row(Catalogue.TOPUP, "restricted", restricted(), restricted().withRemainQuota(1_500), APPLIED),
                row(
                        Catalogue.TOPUP,
                        "unrestricted",
                        unrestricted(),
                        unrestricted().withRemainQuota(1_500),
                        APPLIED),
                row(Catalogue.REFUND, "enabled", enabled(), enabled().withRemainQuota(700), APPLIED),
                row(Catalogue.REFUND, "disabled", disabled(), disabled().withRemainQuota(700), APPLIED),
                row(Catalogue.REFUND, "expired", expired(), expired().withRemainQuota(700), APPLIED),
                row(Catalogue.REFUND, "exhausted", exhausted(), exhausted(), NO_CHANGE),
                row(Catalogue.REFUND, "unlimited", unlimited(), unlimited(), NO_CHANGE),
                row(Catalogue.REFUND, "restricted", restricted(), restricted().withRemainQuota(700), APPLIED),
                row(
                        Catalogue.REFUND,
                        "unrestricted",
                        unrestricted(),
                        unrestricted().withRemainQuota(700),
                        APPLIED),
                row(Catalogue.QUOTA_RESET, "enabled", enabled(), enabled().withRemainQuota(2_000), APPLIED),
                row(Catalogue.QUOTA_RESET, "disabled", disabled(), disabled().withRemainQuota(2_000), APPLIED),
                row(Catalogue.QUOTA_RESET, "expired", expired(), expired().withRemainQuota(2_000), APPLIED),
                row(
                        Catalogue.QUOTA_RESET,
                        "exhausted",
                        exhausted(),
                        exhausted().withRemainQuota(2_000).withStatus(TokenStatus.ENABLED),
                        APPLIED),
                row(Catalogue.QUOTA_RESET, "unlimited", unlimited(), unlimited().withRemainQuota(2_000), APPLIED),
                row(
                        Catalogue.QUOTA_RESET,
                        "restricted",
                        restricted(),
                        restricted().withRemainQuota(2_000),
                        APPLIED),
                row(
                        Catalogue.QUOTA_RESET,
                        "unrestricted",
                        unrestricted(),
                        unrestricted().withRemainQuota(2_000),
                        APPLIED),
                row(Catalogue.PLAN_CHANGED, "enabled", enabled(), planned(enabled()), APPLIED),
                row(Catalogue.PLAN_CHANGED, "disabled", disabled(), planned(disabled()), APPLIED),
                row(
                        Catalogue.PLAN_CHANGED,
                        "expired",
                        expired(),
                        planned(expired()).withStatus(TokenStatus.ENABLED),
                        APPLIED),
                row(Catalogue.PLAN_CHANGED, "exhausted", exhausted(), planned(exhausted()), APPLIED),
                row(Catalogue.PLAN_CHANGED, "unlimited", unlimited(), planned(unlimited()), APPLIED),
                row(Catalogue.PLAN_CHANGED, "restricted", restricted(), planned(restricted()), APPLIED),
                row(Catalogue.PLAN_CHANGED, "unrestricted", unrestricted(), planned(unrestricted()), APPLIED),
                row(Catalogue.SUBSCRIPTION_ENDED, "enabled", enabled(), disabled(), APPLIED),
                row(Catalogue.SUBSCRIPTION_ENDED, "disabled", disabled(), disabled(), NO_CHANGE),
                row(
                        Catalogue.SUBSCRIPTION_ENDED,
                        "expired",
                        expired(),
                        expired().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(
                        Catalogue.SUBSCRIPTION_ENDED,
                        "exhausted",
                        exhausted(),
                        exhausted().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(
                        Catalogue.SUBSCRIPTION_ENDED,
                        "unlimited",
                        unlimited(),
                        unlimited().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(
                        Catalogue.SUBSCRIPTION_ENDED,
                        "restricted",
                        restricted(),
                        restricted().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(
                        Catalogue.SUBSCRIPTION_ENDED,
                        "unrestricted",
                        unrestricted(),
                        unrestricted().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(Catalogue.INCIDENT, "enabled", enabled(), disabled(), APPLIED),
                row(Catalogue.INCIDENT, "disabled", disabled(), disabled(), NO_CHANGE),
                row(Catalogue.INCIDENT, "expired", expired(), expired().withStatus(TokenStatus.DISABLED), APPLIED),
                row(
                        Catalogue.INCIDENT,
                        "exhausted",
                        exhausted(),
                        exhausted().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(
                        Catalogue.INCIDENT,
                        "unlimited",
                        unlimited(),
                        unlimited().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(
                        Catalogue.INCIDENT,
                        "restricted",
                        restricted(),
                        restricted().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(
                        Catalogue.INCIDENT,
                        "unrestricted",
                        unrestricted(),
                        unrestricted().withStatus(TokenStatus.DISABLED),
                        APPLIED),
                row(Catalogue.IP_RESTRICTION, "enabled", enabled(), enabled().withAllowIps(TWO_NETWORKS), APPLIED),
                row(Catalogue.IP_RESTRICTION, "disabled", disabled(), disabled().withAllowIps(TWO_NETWORKS), APPLIED),
                row(Catalogue.IP_RESTRICTION, "expired", expired(), expired().withAllowIps(TWO_NETWORKS), APPLIED),
                row(
                        Catalogue.IP_RESTRICTION,
                        "exhausted",
                        exhausted(),
                        exhausted().withAllowIps(TWO_NETWORKS),
                        APPLIED),
                row(
                        Catalogue.IP_RESTRICTION,
                        "unlimited",
                        unlimited(),
                        unlimited().withAllowIps(TWO_NETWORKS),
                        APPLIED),
                row(
                        Catalogue.IP_RESTRICTION,
                        "restricted",
                        restricted(),
                        restricted().withAllowIps(ips("10.1.0.0/16")),
                        APPLIED),
                row(
                        Catalogue.IP_RESTRICTION,
                        "unrestricted",
                        unrestricted(),
                        unrestricted().withAllowIps(TWO_NETWORKS),
                        APPLIED),
                row(Catalogue.MODEL_RESTRICTION, "enabled", enabled(), enabled().withModelLimits(B_C), APPLIED),
                row(
                        Catalogue.MODEL_RESTRICTION,
                        "disabled",
                        disabled(),
                        disabled().withModelLimits(B_C),
                        APPLIED),
                row(Catalogue.MODEL_RESTRICTION, "expired", expired(), expired().withModelLimits(B_C), APPLIED),
                row(
                        Catalogue.MODEL_RESTRICTION,
                        "exhausted",
                        exhausted(),
                        exhausted().withModelLimits(B_C),
                        APPLIED),
                row(
                        Catalogue.MODEL_RESTRICTION,
                        "unlimited",
                        unlimited(),
                        unlimited().withModelLimits(B_C),
                        APPLIED),
                row(
                        Catalogue.MODEL_RESTRICTION,
                        "restricted",
                        restricted(),
                        restricted().withModelLimits(ModelLimits.only(List.of("gpt-b"))),
                        APPLIED),
                row(
                        Catalogue.MODEL_RESTRICTION,
                        "unrestricted",
                        unrestricted(),
                        unrestricted().withModelLimits(B_C),
                        APPLIED),
                row(Catalogue.INCIDENT_RESOLVED, "enabled", enabled(), enabled(), NO_CHANGE),
                row(Catalogue.INCIDENT_RESOLVED, "disabled", disabled(), disabled(), NO_CHANGE),
                row(Catalogue.INCIDENT_RESOLVED, "expired", expired(), expired(), NO_CHANGE),
                row(Catalogue.INCIDENT_RESOLVED, "exhausted", exhausted(), exhausted(), NO_CHANGE),
                row(Catalogue.INCIDENT_RESOLVED, "unlimited", unlimited(), unlimited(), NO_CHANGE),
                row(Catalogue.INCIDENT_RESOLVED, "restricted", restricted(), restricted(), NO_CHANGE),
                row(Catalogue.INCIDENT_RESOLVED, "unrestricted", unrestricted(), unrestricted(), NO_CHANGE),
                row(Catalogue.EXPIRY_SET, "enabled", enabled(), enabled().withExpiredTime(LATER), APPLIED),
                row(Catalogue.EXPIRY_SET, "disabled", disabled(), disabled().withExpiredTime(LATER), APPLIED),
                row(
                        Catalogue.EXPIRY_SET,
                        "expired",
                        expired(),
                        expired().withExpiredTime(LATER).withStatus(TokenStatus.ENABLED),
                        APPLIED),
                row(Catalogue.EXPIRY_SET, "exhausted", exhausted(), exhausted().withExpiredTime(LATER), APPLIED),
                row(Catalogue.EXPIRY_SET, "unlimited", unlimited(), unlimited().withExpiredTime(LATER), APPLIED),
                row(
                        Catalogue.EXPIRY_SET,
                        "restricted",
                        restricted(),
                        restricted().withExpiredTime(LATER),
                        APPLIED),
                row(
                        Catalogue.EXPIRY_SET,
                        "unrestricted",
                        unrestricted(),
                        unrestricted().withExpiredTime(LATER),
                        APPLIED));
    }

    private static final AllowIps TWO_NETWORKS = ips("10.1.0.0/16", "192.168.0.0/16");
    private static final ModelLimits B_C = ModelLimits.only(List.of("gpt-b", "gpt-c"));

    /** The sample event of each type the table applies. */
    static TokenEvent sample(String type) {
        EventEnvelope envelope =
                new EventEnvelope("/billing/test", "evt-" + type, type, NOW, TOKEN_ID, FakeTokenGateway.USER_ID);
        return switch (type) {
            case Catalogue.TOPUP -> CatalogueEvents.topUp(envelope, 500);
            case Catalogue.INCIDENT ->
                CatalogueEvents.incident(envelope, Severity.CRITICAL, "key leaked", Optional.empty());
            case Catalogue.IP_RESTRICTION -> CatalogueEvents.ipRestriction(envelope, TWO_NETWORKS);
            case Catalogue.REFUND -> data(envelope, Map.of("amount", 300L));
            case Catalogue.QUOTA_RESET -> data(envelope, Map.of("remain_quota", 2_000L));
            case Catalogue.PLAN_CHANGED ->
                data(envelope, Map.of("group", "vip", "models", List.of("gpt-a", "gpt-c"), "expired_time", LATER));
            case Catalogue.MODEL_RESTRICTION -> data(envelope, Map.of("models", List.of("gpt-b", "gpt-c")));
            case Catalogue.EXPIRY_SET -> data(envelope, Map.of("expired_time", LATER));
            default -> data(envelope, Map.of());
        };
    }

    static TokenEventApplier applier(FakeTokenGateway gateway) {
        return applier(gateway, RuleSet.catalogue(), NOW);
    }

    /** An applier of these rules on this gateway, one attempt per call, its clock fixed at {@code now}. */
    static TokenEventApplier applier(TokenGateway gateway, RuleSet rules, Instant now) {
        return new TokenEventApplier(
                gateway,
                new TokenPolicy(rules),
                ApplyConfiguration.gatewayRetry(
                        new RetryProperties(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(10)),
                        new GatewayCircuit(new CircuitProperties(1000, Duration.ofSeconds(1), 1), Clock.systemUTC())),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static TokenEvent data(EventEnvelope envelope, Map<String, Object> fields) {
        return new TokenEvent(envelope, new EventData(fields));
    }

    private static Arguments row(String type, String kind, TokenState before, TokenState expected, Result result) {
        return arguments(type, kind, sample(type), before, expected, result);
    }

    private static TokenState planned(TokenState token) {
        return token.withGroup("vip")
                .withModelLimits(ModelLimits.only(List.of("gpt-a", "gpt-c")))
                .withExpiredTime(LATER);
    }

    static TokenState enabled() {
        return new TokenState(
                TOKEN_ID,
                TokenStatus.ENABLED,
                1_000,
                false,
                AllowIps.unrestricted(),
                FUTURE,
                ModelLimits.NONE,
                "default");
    }

    static TokenState disabled() {
        return enabled().withStatus(TokenStatus.DISABLED);
    }

    static TokenState expired() {
        return enabled().withStatus(TokenStatus.EXPIRED).withExpiredTime(PAST);
    }

    static TokenState exhausted() {
        return enabled().withStatus(TokenStatus.EXHAUSTED).withRemainQuota(0);
    }

    static TokenState unlimited() {
        return enabled().withRemainQuota(0).withUnlimitedQuota(true);
    }

    static TokenState restricted() {
        return enabled().withAllowIps(ips("10.0.0.0/8")).withModelLimits(A_B);
    }

    static TokenState unrestricted() {
        return enabled().withExpiredTime(TokenState.NEVER).withGroup("");
    }

    private static AllowIps ips(String... entries) {
        return AllowIps.of(List.of(entries));
    }
}
