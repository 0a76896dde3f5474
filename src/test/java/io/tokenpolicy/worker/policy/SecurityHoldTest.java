package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import io.tokenpolicy.worker.policy.rules.RuleSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A resolved incident re-enables only a token that a security event disabled: the policy decides on
 * the gateway's state plus whether a security hold is on the token, and says how each event moves it.
 */
class SecurityHoldTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final TokenState ENABLED =
            new TokenState(42, TokenStatus.ENABLED, 1_000, false, AllowIps.unrestricted());
    private static final TokenState DISABLED = ENABLED.withStatus(TokenStatus.DISABLED);

    private static final TokenPolicy POLICY = new TokenPolicy(RuleSet.catalogue());

    @Test
    void incidentResolvedReEnablesATokenACriticalIncidentDisabled() {
        Walk walk = new Walk(ENABLED, false).then(incident(Severity.CRITICAL)).then(event(Catalogue.INCIDENT_RESOLVED));

        assertThat(walk.state()).isEqualTo(ENABLED);
        assertThat(walk.held()).isFalse();
        assertThat(walk.reason()).startsWith("re-enabled by security.incident_resolved");
    }

    @Test
    void criticalIncidentPutsTheTokenOnASecurityHold() {
        Walk walk = new Walk(ENABLED, false).then(incident(Severity.CRITICAL));

        assertThat(walk.state()).isEqualTo(DISABLED);
        assertThat(walk.held()).isTrue();
    }

    @Test
    void incidentResolvedDoesNotReEnableATokenBillingDisabled() {
        Walk walk = new Walk(ENABLED, false)
                .then(event(Catalogue.SUBSCRIPTION_ENDED))
                .then(event(Catalogue.INCIDENT_RESOLVED));

        assertThat(walk.state()).isEqualTo(DISABLED);
        assertThat(walk.reason())
                .contains("not disabled by a security event")
                .contains("re-enable it in the gateway by hand");
    }

    @Test
    void subscriptionEndedAfterACriticalIncidentKeepsTheHold() {
        Walk walk =
                new Walk(ENABLED, false).then(incident(Severity.CRITICAL)).then(event(Catalogue.SUBSCRIPTION_ENDED));

        assertThat(walk.state().status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(walk.held()).as("billing never lifts a security hold").isTrue();
    }

    @Test
    void incidentResolvedDoesNotReEnableATokenDisabledInTheGatewayBeforeTheIncident() {
        Walk walk = new Walk(DISABLED, false).then(incident(Severity.CRITICAL));

        assertThat(walk.held()).isFalse();
        assertThat(walk.then(event(Catalogue.INCIDENT_RESOLVED)).state()).isEqualTo(DISABLED);
    }

    @Test
    void tokenFoundEnabledIsHeldByNothing() {
        Walk walk = new Walk(ENABLED, true).then(CatalogueEvents.topUp(envelope(Catalogue.TOPUP), 5));

        assertThat(walk.held()).isFalse();
    }

    @Test
    void aSecondSecurityEventKeepsTheHold() {
        Walk walk = new Walk(DISABLED, true).then(incident(Severity.HIGH));

        assertThat(walk.held()).isTrue();
        assertThat(walk.then(event(Catalogue.INCIDENT_RESOLVED)).state()).isEqualTo(ENABLED);
    }

    @Test
    void narrowingThatDisablesStartsNoHold() {
        TokenState restricted = ENABLED.withAllowIps(AllowIps.of(List.of("10.0.0.0/8")));
        Walk walk = new Walk(restricted, false)
                .then(CatalogueEvents.ipRestriction(
                        envelope(Catalogue.IP_RESTRICTION), AllowIps.of(List.of("192.168.0.0/16"))));

        assertThat(walk.state().status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(walk.held()).isFalse();
    }

    @Test
    void ipRestrictionThatLeavesNoAddressOnAHeldTokenEndsTheHoldSoTheResolutionDoesNotReopenIt() {
        TokenState heldRestricted = DISABLED.withAllowIps(AllowIps.of(List.of("10.0.0.0/8")));
        Walk walk = new Walk(heldRestricted, true)
                .then(CatalogueEvents.ipRestriction(
                        envelope(Catalogue.IP_RESTRICTION), AllowIps.of(List.of("192.168.0.0/16"))));

        assertThat(walk.held()).isFalse();
        assertThat(walk.then(event(Catalogue.INCIDENT_RESOLVED)).state()).isEqualTo(heldRestricted);
    }

    @Test
    void modelRestrictionThatLeavesNoModelOnAHeldTokenKeepsTheHold() {
        TokenState heldLimited = DISABLED.withModelLimits(ModelLimits.only(List.of("gpt-a")));
        Walk walk = new Walk(heldLimited, true)
                .then(new TokenEvent(
                        envelope(Catalogue.MODEL_RESTRICTION), new EventData(Map.of("models", List.of("gpt-b")))));

        // the applier keeps the token off after the resolution too, until its models fit the restriction
        // (EmptyNarrowingOnHeldTokensTest): a plan's models may still fit it, unlike allow_ips, which only security
        // writes
        assertThat(walk.held()).isTrue();
        assertThat(walk.state()).isEqualTo(heldLimited);
    }

    @Test
    void narrowingThatLeavesSomethingOnAHeldTokenKeepsTheHold() {
        TokenState heldRestricted = DISABLED.withAllowIps(AllowIps.of(List.of("10.0.0.0/8")));
        Walk walk = new Walk(heldRestricted, true)
                .then(CatalogueEvents.ipRestriction(
                        envelope(Catalogue.IP_RESTRICTION), AllowIps.of(List.of("10.1.0.0/16"))));

        assertThat(walk.held()).isTrue();
        assertThat(walk.then(event(Catalogue.INCIDENT_RESOLVED)).state())
                .isEqualTo(ENABLED.withAllowIps(AllowIps.of(List.of("10.1.0.0/16"))));
    }

    @Test
    void incidentResolvedLeavesAnExpiredTokenToBillingEvenWhenTheGatewayWouldEnableIt() {
        TokenState expired = ENABLED.withStatus(TokenStatus.EXPIRED);

        Walk walk = new Walk(expired, false).then(event(Catalogue.INCIDENT_RESOLVED));

        assertThat(walk.state()).isEqualTo(expired);
        assertThat(walk.reason()).startsWith("token left expired");
    }

    @Test
    void incidentResolvedLeavesAnExhaustedTokenWithQuotaToBilling() {
        TokenState exhausted = ENABLED.withStatus(TokenStatus.EXHAUSTED);

        Walk walk = new Walk(exhausted, false).then(event(Catalogue.INCIDENT_RESOLVED));

        assertThat(walk.state()).isEqualTo(exhausted);
        assertThat(walk.reason()).startsWith("token left exhausted");
    }

    @Test
    void operatorsEnableActionAlsoLeavesATokenNoSecurityEventDisabled() {
        RuleSet rules = RuleSet.compile(
                List.of(new RuleSpec(
                        "unblock", "ops.unblock", Map.of(), List.of(), List.of(Map.of("action", "enable")))),
                true);
        TokenChange unblock =
                new TokenPolicy(rules).changeFor(new TokenEvent(envelope("ops.unblock"), EventData.EMPTY), NOW);

        assertThat(unblock.applyTo(DISABLED, false)).isEqualTo(new Decision.Apply(DISABLED, Enable.NOT_HELD));
        assertThat(unblock.applyTo(DISABLED)).isEqualTo(new Decision.Apply(DISABLED, Enable.NOT_HELD));
    }

    /** Events applied one after another, as the worker applies a token's batch, with the hold carried along. */
    private record Walk(TokenState state, boolean held, String reason) {

        Walk(TokenState state, boolean held) {
            this(state, held, "");
        }

        Walk then(TokenEvent event) {
            TokenChange change = POLICY.changeFor(event, NOW);
            Decision.Apply decision = (Decision.Apply) change.applyTo(state, held);
            return new Walk(decision.after(), change.heldBySecurity(held, state, decision.after()), decision.reason());
        }
    }

    private static TokenEvent incident(Severity severity) {
        return CatalogueEvents.incident(envelope(Catalogue.INCIDENT), severity, "key leaked", Optional.empty());
    }

    private static TokenEvent event(String type) {
        return new TokenEvent(envelope(type), EventData.EMPTY);
    }

    private static EventEnvelope envelope(String type) {
        return new EventEnvelope("/security", "evt-1", type, Instant.EPOCH, 42, 7);
    }
}
