package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import io.tokenpolicy.worker.policy.rules.RuleSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator's security rule "narrow to the networks confirmed, then re-enable" (rules.md: actions apply "in order
 * on the state the previous one left"; enable "turns on a disabled token only while a security.* event's disable
 * holds it"). CombinedChange hands every action the hold as it was before the event, so when the narrowing leaves
 * nothing (and disables the token instead, which ends a hold) the enable still sees the hold and switches the token
 * on with the allow_ips the narrowing found nothing in common with.
 */
class OperatorRuleHoldTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final RuleSpec CONFIRMED = new RuleSpec(
            "networks-confirmed",
            "security.networks_confirmed",
            Map.of("allow_ips", "ip-list"),
            List.of(),
            List.of(Map.of("action", "narrow-allow-ips", "allow_ips", "data.allow_ips"), Map.of("action", "enable")));

    @Test
    void aRuleThatNarrowsThenEnablesLeavesAHeldTokenDisabledWhenTheNarrowingLeavesNothing() {
        FakeTokenGateway gateway = new FakeTokenGateway()
                .with(CatalogueTableTest.disabled().withAllowIps(AllowIps.of(List.of("10.0.0.0/8"))));
        SecurityHolds held = new LedgerLikeHolds(FakeTokenGateway.USER_ID).with(42, SecurityFacts.heldOnly());

        Outcome outcome = applier(gateway)
                .applyAll(
                        List.of(new TokenEvent(
                                new EventEnvelope(
                                        "/security",
                                        "c-1",
                                        "security.networks_confirmed",
                                        NOW,
                                        42,
                                        FakeTokenGateway.USER_ID),
                                new EventData(Map.of("allow_ips", AllowIps.of(List.of("192.168.0.0/16")))))),
                        NOW,
                        IntentLog.NONE,
                        held,
                        new HandOver())
                .get(0);

        assertThat(gateway.token(42).status())
                .as(
                        "%s: %s; allow_ips now %s",
                        outcome.result(), outcome.reason(), gateway.token(42).allowIps())
                .isEqualTo(TokenStatus.DISABLED);
    }

    private static TokenEventApplier applier(FakeTokenGateway gateway) {
        return CatalogueTableTest.applier(gateway, RuleSet.compile(List.of(CONFIRMED), true), NOW);
    }
}
