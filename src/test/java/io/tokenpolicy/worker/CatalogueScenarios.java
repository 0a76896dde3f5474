package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The catalogue's other event types, and an operator's own rule from configuration, end to end:
 * the worker against the broker and the gateway emulator with its guards.
 */
abstract class CatalogueScenarios extends BadEventsScenarios {

    private static final long LATER = 4_200_000_000L;

    /** An operator's rule: gold and platinum credit purchases raise the quota and move the token to "vip". */
    static void policyRuleProperties(DynamicPropertyRegistry registry) {
        String rule = "token-policy.rules[0].";
        registry.add(rule + "name", () -> "shop-credit");
        registry.add(rule + "type", () -> "shop.credit_purchased");
        registry.add(rule + "fields[0].name", () -> "credit_amount");
        registry.add(rule + "fields[0].kind", () -> "integer");
        registry.add(rule + "fields[1].name", () -> "tier");
        registry.add(rule + "fields[1].kind", () -> "text");
        registry.add(rule + "when[0]", () -> "tier in [gold, platinum]");
        registry.add(rule + "actions[0].action", () -> "raise-quota");
        registry.add(rule + "actions[0].amount", () -> "data.credit_amount");
        registry.add(rule + "actions[1].action", () -> "set-group");
        registry.add(rule + "actions[1].group", () -> "vip");
    }

    @Test
    void refundLowersQuotaButNotBelowZero() {
        EmulatedToken token = seed(token().remainQuota(1_000));

        JsonNode outcome = send(token.id(), event("billing.refund", token, Map.of("amount", 5_000)));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).remainQuota()).isZero();
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void quotaResetOfExhaustedTokenWritesQuotaThenReEnablesIt() {
        EmulatedToken token = seed(token().status(EmulatedToken.EXHAUSTED).remainQuota(0));

        JsonNode outcome = send(token.id(), event("billing.quota_reset", token, Map.of("remain_quota", 2_000)));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(2_000);
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(outcome.path("api_calls").asInt()).isEqualTo(3);
    }

    @Test
    void planChangeSetsGroupModelsAndExpiryInNewApisCommaFormatAndKeepsTheRest() {
        EmulatedToken before = seed(token().group("default")
                .modelLimitsEnabled(true)
                .modelLimits("[\"gpt-5.4\",\"claude-sonnet-4-6\"]")
                .allowIps("10.0.0.0/8")
                .crossGroupRetry(true));

        JsonNode outcome = send(
                before.id(),
                event(
                        "billing.plan_changed",
                        before,
                        Map.of("group", "vip", "models", List.of("gpt-5.4", "o4"), "expired_time", LATER)));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        EmulatedToken after = gateway.token(before.id());
        assertThat(after.group()).isEqualTo("vip");
        assertThat(after.modelLimits())
                .as("new-api splits model_limits on commas, so a change writes its own format, not the JSON array")
                .isEqualTo("gpt-5.4,o4");
        assertThat(after.expiredTime()).isEqualTo(LATER);
        assertThat(after)
                .usingRecursiveComparison()
                .ignoringFields("group", "modelLimits", "expiredTime")
                .isEqualTo(before);
        assertThat(outcome.findValuesAsText("field"))
                .containsExactlyInAnyOrder("group", "model_limits", "expired_time");
    }

    @Test
    void modelRestrictionNarrowsTheWhitelistAndDisablesWhenNothingIsLeft() {
        EmulatedToken narrowed = seed(token().modelLimitsEnabled(true).modelLimits("gpt-5.4,claude-sonnet-4-6"));
        EmulatedToken emptied = seed(token().modelLimitsEnabled(true).modelLimits("gpt-5.4"));

        send(
                narrowed.id(),
                event("security.model_restriction", narrowed, Map.of("models", List.of("claude-sonnet-4-6"))));
        send(emptied.id(), event("security.model_restriction", emptied, Map.of("models", List.of("o4"))));

        assertThat(gateway.token(narrowed.id()).modelLimits()).isEqualTo("claude-sonnet-4-6");
        assertThat(gateway.token(emptied.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.token(emptied.id()).modelLimits()).isEqualTo("gpt-5.4");
    }

    @Test
    void expirySetOnExpiredTokenWritesTheExpiryBeforeReEnablingIt() {
        long past = Instant.now().getEpochSecond() - 3_600;
        EmulatedToken token = seed(token().status(EmulatedToken.EXPIRED).expiredTime(past));

        JsonNode outcome = send(token.id(), event("token.expiry_set", token, Map.of("expired_time", -1)));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).expiredTime()).isEqualTo(-1);
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void subscriptionEndDisablesAndIncidentResolvedLeavesItDisabled() {
        EmulatedToken token = seed(token());

        send(token.id(), event("billing.subscription_ended", token, Map.of()));
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        JsonNode outcome = send(token.id(), event("security.incident_resolved", token, Map.of()));

        assertThat(outcome.path("result").asText()).isEqualTo("NO_CHANGE");
        assertThat(outcome.path("reason").asText()).contains("not disabled by a security event");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
    }

    @Test
    void criticalIncidentDisablesAndIncidentResolvedReEnables() {
        EmulatedToken token = seed(token());

        send(token.id(), event("security.incident", token, Map.of("severity", "critical", "reason", "key leaked")));
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
        JsonNode outcome = send(token.id(), event("security.incident_resolved", token, Map.of()));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void operatorsRuleFromConfigurationDrivesItsActions() {
        EmulatedToken gold = seed(token().remainQuota(100).group("default"));
        EmulatedToken silver = seed(token().remainQuota(100).group("default"));

        JsonNode applied =
                send(gold.id(), event("shop.credit_purchased", gold, Map.of("credit_amount", 900, "tier", "gold")));
        JsonNode unchanged = send(
                silver.id(), event("shop.credit_purchased", silver, Map.of("credit_amount", 900, "tier", "silver")));

        assertThat(applied.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(gold.id()).remainQuota()).isEqualTo(1_000);
        assertThat(gateway.token(gold.id()).group()).isEqualTo("vip");
        assertThat(unchanged.path("result").asText()).isEqualTo("NO_CHANGE");
        assertThat(gateway.token(silver.id())).isEqualTo(silver);
    }

    @Test
    void operatorsTypeWithoutItsRequiredFieldIsRejectedNamingTheField() {
        EmulatedToken token = seed(token());

        JsonNode outcome = send(token.id(), event("shop.credit_purchased", token, Map.of("tier", "gold")));

        assertThat(outcome.path("result").asText()).isEqualTo("REJECTED");
        assertThat(outcome.path("reason").asText()).contains("data.credit_amount");
    }

    private static String event(String type, EmulatedToken token, Map<String, Object> fields) {
        Map<String, Object> data = new HashMap<>(fields);
        data.put("token_id", token.id());
        return CloudEvents.event(eventId(), type, data);
    }
}
