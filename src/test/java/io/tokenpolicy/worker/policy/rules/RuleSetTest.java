package io.tokenpolicy.worker.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.CombinedChange;
import io.tokenpolicy.worker.policy.Decision;
import io.tokenpolicy.worker.policy.Disable;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.ExtendExpiry;
import io.tokenpolicy.worker.policy.FieldKind;
import io.tokenpolicy.worker.policy.KeepToken;
import io.tokenpolicy.worker.policy.NarrowAllowIps;
import io.tokenpolicy.worker.policy.RaiseQuota;
import io.tokenpolicy.worker.policy.RefuseChange;
import io.tokenpolicy.worker.policy.SetGroup;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenChange;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Operators' rules drive the built-in actions, before the catalogue's. */
class RuleSetTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private static final RuleSpec SHOP_CREDIT = new RuleSpec(
            "shop-credit",
            "shop.credit_purchased",
            Map.of("credits", "integer", "tier", "text?"),
            List.of("tier in [gold, platinum]"),
            List.of(
                    Map.of("action", "raise-quota", "amount", "data.credits"),
                    Map.of("action", "set-group", "group", "vip")));

    @Test
    void ownTypeIsLearntWithItsFields() {
        RuleSet rules = RuleSet.compile(List.of(SHOP_CREDIT), true);

        assertThat(rules.schemas()
                        .get("shop.credit_purchased")
                        .fields()
                        .get("credits")
                        .kind())
                .isEqualTo(FieldKind.INTEGER);
        assertThat(rules.schemas()
                        .get("shop.credit_purchased")
                        .fields()
                        .get("tier")
                        .required())
                .isFalse();
        assertThat(rules.schemas()).containsKeys(Catalogue.schemas().keySet().toArray(String[]::new));
    }

    @Test
    void ruleWhoseConditionsHoldTakesItsActionsWithBoundAndFixedArguments() {
        RuleSet rules = RuleSet.compile(List.of(SHOP_CREDIT), true);

        TokenChange change =
                rules.changeFor(event("shop.credit_purchased", Map.of("credits", 700L, "tier", "gold")), NOW);

        assertThat(change).isEqualTo(new CombinedChange(List.of(new RaiseQuota(700, NOW), new SetGroup("vip"))));
    }

    @Test
    void eventThatNoRuleMatchesChangesNothing() {
        RuleSet rules = RuleSet.compile(List.of(SHOP_CREDIT), true);

        TokenChange change = rules.changeFor(event("shop.credit_purchased", Map.of("credits", 700L)), NOW);

        assertThat(change).isInstanceOf(KeepToken.class);
    }

    @Test
    void operatorsRuleForACatalogueTypeComesBeforeTheCatalogues() {
        RuleSpec mediumDisables = new RuleSpec(
                "medium-disables",
                Catalogue.INCIDENT,
                Map.of(),
                List.of("severity = medium"),
                List.of(Map.of("action", "disable")));
        RuleSet rules = RuleSet.compile(List.of(mediumDisables), true);

        TokenChange medium =
                rules.changeFor(incident(Severity.MEDIUM, Optional.of(AllowIps.of(List.of("10.0.0.0/8")))), NOW);
        TokenChange low = rules.changeFor(incident(Severity.LOW, Optional.of(AllowIps.of(List.of("10.0.0.0/8")))), NOW);

        assertThat(medium).isInstanceOf(Disable.class);
        assertThat(((Disable) medium).reason()).contains("medium-disables").contains("key leaked");
        assertThat(low).isEqualTo(new NarrowAllowIps(AllowIps.of(List.of("10.0.0.0/8"))));
    }

    @Test
    void withoutTheCatalogueItsTypesChangeNothing() {
        RuleSet rules = RuleSet.compile(List.of(), false);

        assertThat(rules.changeFor(incident(Severity.CRITICAL, Optional.empty()), NOW))
                .isInstanceOf(KeepToken.class);
    }

    @Test
    void boundValueOutsideTheArgumentsRangeRefusesTheEvent() {
        RuleSet rules = RuleSet.compile(List.of(SHOP_CREDIT), true);

        TokenChange change =
                rules.changeFor(event("shop.credit_purchased", Map.of("credits", -5L, "tier", "gold")), NOW);

        assertThat(change).isInstanceOf(RefuseChange.class);
        assertThat(((RefuseChange) change).reason()).contains("shop-credit").contains("amount");
    }

    @Test
    void numericConditionAndExtendExpiry() {
        RuleSpec loyalty = new RuleSpec(
                "loyalty",
                "shop.loyalty",
                Map.of("years", "integer"),
                List.of("years >= 2"),
                List.of(Map.of("action", "extend-expiry", "seconds", "2592000")));
        RuleSet rules = RuleSet.compile(List.of(loyalty), false);

        assertThat(rules.changeFor(event("shop.loyalty", Map.of("years", 3L)), NOW))
                .isEqualTo(new ExtendExpiry(2_592_000, NOW));
        assertThat(rules.changeFor(event("shop.loyalty", Map.of("years", 1L)), NOW))
                .isInstanceOf(KeepToken.class);
    }

    @Test
    void planChangeSetsOnlyTheFieldsItCarries() {
        TokenState token = new TokenState(42, TokenStatus.ENABLED, 10, false, AllowIps.unrestricted());

        Decision decision = RuleSet.catalogue()
                .changeFor(event(Catalogue.PLAN_CHANGED, Map.of("unlimited_quota", true)), NOW)
                .applyTo(token);

        assertThat(decision).isEqualTo(new Decision.Apply(token.withUnlimitedQuota(true), "quota made unlimited"));
    }

    @Test
    void argumentKeysMaySpellUnderscoresAsDashesOrDropThem() {
        RuleSpec spelled = new RuleSpec(
                "spelled",
                Catalogue.INCIDENT,
                Map.of(),
                List.of(),
                List.of(Map.of("action", "narrow-allow-ips", "allowips", "10.0.0.0/8")));

        TokenChange change =
                RuleSet.compile(List.of(spelled), false).changeFor(incident(Severity.LOW, Optional.empty()), NOW);

        assertThat(change).isEqualTo(new NarrowAllowIps(AllowIps.of(List.of("10.0.0.0/8"))));
    }

    private static TokenEvent event(String type, Map<String, Object> data) {
        return new TokenEvent(new EventEnvelope("/billing/test", "e-1", type, NOW, 42, 7), new EventData(data));
    }

    private static TokenEvent incident(Severity severity, Optional<AllowIps> allowIps) {
        return CatalogueEvents.incident(
                new EventEnvelope("/billing/test", "e-1", Catalogue.INCIDENT, NOW, 42, 7),
                severity,
                "key leaked",
                allowIps);
    }
}
