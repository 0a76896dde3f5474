package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenPolicyTest {

    private static final long TOKEN_ID = 42;
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final AllowIps TEN_SLASH_8 = ips("10.0.0.0/8");

    private final TokenPolicy policy = new TokenPolicy(RuleSet.catalogue());

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsByTokenState")
    void eventLeavesTokenInTheExpectedState(
            String description, TokenEvent event, TokenState before, TokenState expected) {
        Decision decision = policy.changeFor(event, NOW).applyTo(before);

        assertThat(decision).isInstanceOfSatisfying(Decision.Apply.class, apply -> assertThat(apply.after())
                .isEqualTo(expected));
    }

    static Stream<Arguments> eventsByTokenState() {
        return Stream.of(
                row(
                        "top-up raises quota of enabled token",
                        topUp(500),
                        enabled(),
                        enabled().withRemainQuota(1_500)),
                row(
                        "top-up of disabled token keeps it disabled",
                        topUp(500),
                        disabled(),
                        disabled().withRemainQuota(1_500)),
                row(
                        "top-up of expired token keeps it expired",
                        topUp(500),
                        expired(),
                        expired().withRemainQuota(1_500)),
                row(
                        "top-up of exhausted token re-enables it",
                        topUp(500),
                        exhausted(),
                        state(TokenStatus.ENABLED, 500, false, AllowIps.unrestricted())),
                row(
                        "top-up of enabled token at zero quota raises it",
                        topUp(500),
                        enabledAtZero(),
                        enabledAtZero().withRemainQuota(500)),
                row("top-up of unlimited token changes nothing", topUp(500), unlimited(), unlimited()),
                row(
                        "top-up of restricted token keeps allow_ips",
                        topUp(500),
                        restricted(),
                        restricted().withRemainQuota(1_500)),
                row(
                        "top-up to exactly the maximum is allowed",
                        topUp(500),
                        enabled().withRemainQuota(Quota.MAX - 500),
                        enabled().withRemainQuota(Quota.MAX)),
                row(
                        "high incident disables enabled token",
                        incident(Severity.HIGH),
                        enabled(),
                        enabled().withStatus(TokenStatus.DISABLED)),
                row(
                        "critical incident disables enabled token",
                        incident(Severity.CRITICAL),
                        enabled(),
                        enabled().withStatus(TokenStatus.DISABLED)),
                row("high incident leaves disabled token as it is", incident(Severity.HIGH), disabled(), disabled()),
                row(
                        "critical incident leaves disabled token as it is",
                        incident(Severity.CRITICAL),
                        disabled(),
                        disabled()),
                row(
                        "high incident disables expired token",
                        incident(Severity.HIGH),
                        expired(),
                        expired().withStatus(TokenStatus.DISABLED)),
                row(
                        "high incident disables exhausted token",
                        incident(Severity.HIGH),
                        exhausted(),
                        exhausted().withStatus(TokenStatus.DISABLED)),
                row(
                        "high incident disables enabled token at zero quota",
                        incident(Severity.HIGH),
                        enabledAtZero(),
                        enabledAtZero().withStatus(TokenStatus.DISABLED)),
                row(
                        "high incident disables unlimited token",
                        incident(Severity.HIGH),
                        unlimited(),
                        unlimited().withStatus(TokenStatus.DISABLED)),
                row(
                        "high incident with allow_ips disables and leaves allow_ips",
                        incident(Severity.HIGH, "10.1.0.0/16"),
                        restricted(),
                        restricted().withStatus(TokenStatus.DISABLED)),
                row(
                        "medium incident with allow_ips restricts unrestricted token",
                        incident(Severity.MEDIUM, "10.1.0.0/16"),
                        enabled(),
                        enabled().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "low incident with allow_ips narrows restricted token",
                        incident(Severity.LOW, "10.1.0.0/16"),
                        restricted(),
                        restricted().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "medium incident with allow_ips narrows disabled token, status kept",
                        incident(Severity.MEDIUM, "10.1.0.0/16"),
                        disabled(),
                        disabled().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "medium incident with allow_ips narrows exhausted token, status kept",
                        incident(Severity.MEDIUM, "10.1.0.0/16"),
                        exhausted(),
                        exhausted().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "medium incident with disjoint allow_ips disables restricted token",
                        incident(Severity.MEDIUM, "192.168.0.0/16"),
                        restricted(),
                        restricted().withStatus(TokenStatus.DISABLED)),
                row(
                        "low incident without allow_ips leaves enabled token",
                        incident(Severity.LOW),
                        enabled(),
                        enabled()),
                row(
                        "medium incident without allow_ips leaves restricted token",
                        incident(Severity.MEDIUM),
                        restricted(),
                        restricted()),
                row(
                        "low incident without allow_ips leaves exhausted token",
                        incident(Severity.LOW),
                        exhausted(),
                        exhausted()),
                row(
                        "ip restriction restricts unrestricted token",
                        ipRestriction("10.1.0.0/16"),
                        enabled(),
                        enabled().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "ip restriction narrows restricted token",
                        ipRestriction("10.1.0.0/16", "192.168.0.0/16"),
                        restricted(),
                        restricted().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "ip restriction wider than the token leaves it",
                        ipRestriction("0.0.0.0/0"),
                        restricted(),
                        restricted()),
                row(
                        "ip restriction never widens a narrower token",
                        ipRestriction("10.0.0.0/8"),
                        restricted().withAllowIps(ips("10.1.2.0/24")),
                        restricted().withAllowIps(ips("10.1.2.0/24"))),
                row(
                        "ip restriction with empty intersection disables, allow_ips untouched",
                        ipRestriction("192.168.0.0/16"),
                        restricted(),
                        restricted().withStatus(TokenStatus.DISABLED)),
                row(
                        "ip restriction with empty intersection leaves disabled token",
                        ipRestriction("192.168.0.0/16"),
                        restricted().withStatus(TokenStatus.DISABLED),
                        restricted().withStatus(TokenStatus.DISABLED)),
                row(
                        "ip restriction to v6 of v4-only token disables it",
                        ipRestriction("2001:db8::/32"),
                        restricted(),
                        restricted().withStatus(TokenStatus.DISABLED)),
                row(
                        "ip restriction narrows disabled token, status kept",
                        ipRestriction("10.1.0.0/16"),
                        disabled(),
                        disabled().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "ip restriction narrows expired token, status kept",
                        ipRestriction("10.1.0.0/16"),
                        expired(),
                        expired().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "ip restriction narrows exhausted token, status kept",
                        ipRestriction("10.1.0.0/16"),
                        exhausted(),
                        exhausted().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "ip restriction narrows enabled token at zero quota",
                        ipRestriction("10.1.0.0/16"),
                        enabledAtZero(),
                        enabledAtZero().withAllowIps(ips("10.1.0.0/16"))),
                row(
                        "ip restriction narrows unlimited token",
                        ipRestriction("10.1.0.0/16"),
                        unlimited(),
                        unlimited().withAllowIps(ips("10.1.0.0/16"))));
    }

    @Test
    void topUpPastTheGatewayMaximumIsRefused() {
        TokenState full = enabled().withRemainQuota(Quota.MAX - 500);
        Decision decision = policy.decide(policy.changeFor(topUp(501), NOW), full, false);

        assertThat(decision).isInstanceOf(Decision.Refuse.class);
        assertThat(decision.reason()).contains("maximum");
    }

    @Test
    void largestTopUpOfFullTokenIsRefusedWithoutOverflow() {
        TokenState full = enabled().withRemainQuota(Quota.MAX);
        Decision decision = policy.decide(policy.changeFor(topUp(Quota.MAX), NOW), full, false);

        assertThat(decision).isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void ipRestrictionNeverWidensTokenWhoseStoredAllowIpsAdmitNobody() {
        // the gateway keeps the broken entry and matches no client against it
        TokenState blocked = enabled().withAllowIps(AllowIps.fromGatewayText("1.1.1.1,2.2.2.2"));

        Decision decision = policy.changeFor(ipRestriction("10.0.0.0/8"), NOW).applyTo(blocked);

        assertThat(decision).isInstanceOfSatisfying(Decision.Apply.class, apply -> assertThat(apply.after())
                .isEqualTo(blocked.withStatus(TokenStatus.DISABLED)));
    }

    @Test
    void ipRestrictionOfTokenStoredWithIpv6LeadingZerosDoesNotWidenIt() {
        TokenState restricted = enabled().withAllowIps(AllowIps.fromGatewayText("2001:0db8::1"));

        Decision decision = policy.changeFor(ipRestriction("10.0.0.0/8"), NOW).applyTo(restricted);

        assertThat(decision).isInstanceOfSatisfying(Decision.Apply.class, apply -> assertThat(apply.after())
                .isEqualTo(restricted.withStatus(TokenStatus.DISABLED)));
    }

    @Test
    void policyHandlesEveryEventType() {
        Map<String, TokenEvent> samples = Map.of(
                Catalogue.TOPUP, topUp(1),
                Catalogue.REFUND, event(Catalogue.REFUND, Map.of("amount", 1L)),
                Catalogue.QUOTA_RESET, event(Catalogue.QUOTA_RESET, Map.of("remain_quota", 0L)),
                Catalogue.PLAN_CHANGED, event(Catalogue.PLAN_CHANGED, Map.of("group", "vip")),
                Catalogue.SUBSCRIPTION_ENDED, event(Catalogue.SUBSCRIPTION_ENDED, Map.of()),
                Catalogue.INCIDENT, incident(Severity.LOW),
                Catalogue.IP_RESTRICTION, ipRestriction("10.0.0.0/8"),
                Catalogue.MODEL_RESTRICTION, event(Catalogue.MODEL_RESTRICTION, Map.of("models", List.of("gpt-5.4"))),
                Catalogue.INCIDENT_RESOLVED, event(Catalogue.INCIDENT_RESOLVED, Map.of()),
                Catalogue.EXPIRY_SET, event(Catalogue.EXPIRY_SET, Map.of("expired_time", -1L)));

        for (String type : Catalogue.types()) {
            assertThat(samples).as("sample event of %s", type).containsKey(type);
            assertThat(policy.changeFor(samples.get(type), NOW))
                    .as("change for %s", type)
                    .isNotNull();
        }
    }

    private static Arguments row(String description, TokenEvent event, TokenState before, TokenState expected) {
        return arguments(description, event, before, expected);
    }

    private static TokenState state(TokenStatus status, long quota, boolean unlimited, AllowIps allowIps) {
        return new TokenState(TOKEN_ID, status, quota, unlimited, allowIps);
    }

    private static TokenState enabled() {
        return state(TokenStatus.ENABLED, 1_000, false, AllowIps.unrestricted());
    }

    private static TokenState disabled() {
        return enabled().withStatus(TokenStatus.DISABLED);
    }

    private static TokenState expired() {
        return enabled().withStatus(TokenStatus.EXPIRED);
    }

    private static TokenState exhausted() {
        return state(TokenStatus.EXHAUSTED, 0, false, AllowIps.unrestricted());
    }

    private static TokenState enabledAtZero() {
        return enabled().withRemainQuota(0);
    }

    private static TokenState unlimited() {
        return state(TokenStatus.ENABLED, 0, true, AllowIps.unrestricted());
    }

    private static TokenState restricted() {
        return enabled().withAllowIps(TEN_SLASH_8);
    }

    private static EventEnvelope envelope(String type) {
        return new EventEnvelope("/billing/test", "evt-1", type, Instant.EPOCH, TOKEN_ID, 7);
    }

    private static TokenEvent topUp(long amount) {
        return CatalogueEvents.topUp(envelope(Catalogue.TOPUP), amount);
    }

    private static TokenEvent incident(Severity severity, String... allowIps) {
        Optional<AllowIps> requested = allowIps.length == 0 ? Optional.empty() : Optional.of(ips(allowIps));
        return CatalogueEvents.incident(envelope(Catalogue.INCIDENT), severity, "key leaked", requested);
    }

    private static TokenEvent ipRestriction(String... allowIps) {
        return CatalogueEvents.ipRestriction(envelope(Catalogue.IP_RESTRICTION), ips(allowIps));
    }

    private static TokenEvent event(String type, Map<String, Object> data) {
        return new TokenEvent(envelope(type), new EventData(data));
    }

    private static AllowIps ips(String... entries) {
        return AllowIps.of(Arrays.asList(entries));
    }
}
