package io.tokenpolicy.worker.policy.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of unusable rule is refused at start-up with a message naming the rule and the field. */
class RuleValidationTest {

    private static final Map<String, String> CREDITS = Map.of("credits", "integer", "tier", "text?");

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void brokenRuleIsRefusedNamingRuleAndField(String description, RuleSpec rule, String field, String problem) {
        assertThatThrownBy(() -> RuleSet.compile(List.of(rule), true))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("rule '" + rule.name() + "'")
                .hasMessageContaining("field '" + field + "'")
                .hasMessageContaining(problem);
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken(
                        "billing type enabling",
                        rule("pay-enables", "billing.topup", Map.of(), List.of(), Map.of("action", "enable")),
                        "actions[0].action",
                        "billing never re-enables"),
                broken(
                        "own billing type enabling",
                        rule("credit-enables", "billing.credit", CREDITS, List.of(), Map.of("action", "enable")),
                        "actions[0].action",
                        "billing never re-enables"),
                broken(
                        "widening allow_ips",
                        rule(
                                "open-up",
                                "security.ip_restriction",
                                Map.of(),
                                List.of(),
                                Map.of("action", "set-allow-ips", "allow_ips", "data.allow_ips")),
                        "actions[0].action",
                        "can only be narrowed"),
                broken(
                        "security rule setting models",
                        rule(
                                "models-wide",
                                "security.model_restriction",
                                Map.of(),
                                List.of(),
                                Map.of("action", "set-models", "models", "data.models")),
                        "actions[0].action",
                        "narrows them"),
                broken(
                        "unknown action",
                        rule(
                                "typo",
                                "billing.topup",
                                Map.of(),
                                List.of(),
                                Map.of("action", "raise-qouta", "amount", "data.amount")),
                        "actions[0].action",
                        "unknown action 'raise-qouta'"),
                broken(
                        "missing action",
                        rule("no-action-name", "billing.topup", Map.of(), List.of(), Map.of("amount", "data.amount")),
                        "actions[0].action",
                        "required"),
                broken(
                        "text field bound to an integer argument",
                        rule(
                                "wrong-kind",
                                "security.incident",
                                Map.of(),
                                List.of(),
                                Map.of("action", "raise-quota", "amount", "data.reason")),
                        "actions[0].amount",
                        "data.reason is of kind text but this argument needs kind integer"),
                broken(
                        "ip list bound to a models argument",
                        rule(
                                "ips-as-models",
                                "security.ip_restriction",
                                Map.of(),
                                List.of(),
                                Map.of("action", "narrow-models", "models", "data.allow_ips")),
                        "actions[0].models",
                        "is of kind ip-list"),
                broken(
                        "field the type does not have",
                        rule(
                                "no-such-field",
                                "billing.topup",
                                Map.of(),
                                List.of(),
                                Map.of("action", "raise-quota", "amount", "data.credits")),
                        "actions[0].amount",
                        "data.credits is not a field of billing.topup"),
                broken(
                        "argument missing",
                        rule("no-amount", "billing.topup", Map.of(), List.of(), Map.of("action", "raise-quota")),
                        "actions[0].amount",
                        "required"),
                broken(
                        "argument the action does not take",
                        rule(
                                "extra-arg",
                                "billing.subscription_ended",
                                Map.of(),
                                List.of(),
                                Map.of("action", "disable", "colour", "red")),
                        "actions[0].colour",
                        "no arguments"),
                broken(
                        "invalid fixed address",
                        rule(
                                "bad-ip",
                                "security.incident",
                                Map.of(),
                                List.of(),
                                Map.of("action", "narrow-allow-ips", "allow_ips", "10.0.0.0/8, 300.1.1.1")),
                        "actions[0].allow_ips",
                        "300.1.1.1"),
                broken(
                        "fixed quota above the maximum",
                        rule(
                                "too-much",
                                "billing.plan_changed",
                                Map.of(),
                                List.of(),
                                Map.of("action", "set-quota", "quota", "500000000000001")),
                        "actions[0].quota",
                        "between 0 and 500000000000000"),
                broken(
                        "fixed amount that is not a number",
                        rule(
                                "nan",
                                "billing.plan_changed",
                                Map.of(),
                                List.of(),
                                Map.of("action", "raise-quota", "amount", "lots")),
                        "actions[0].amount",
                        "not a valid integer"),
                broken(
                        "condition on a field the type does not have",
                        rule(
                                "bad-when",
                                "security.incident",
                                Map.of(),
                                List.of("level in [high]"),
                                Map.of("action", "disable")),
                        "when[0]",
                        "data.level is not a field of security.incident"),
                broken(
                        "condition with an unknown severity",
                        rule(
                                "bad-severity",
                                "security.incident",
                                Map.of(),
                                List.of("severity in [high, severe]"),
                                Map.of("action", "disable")),
                        "when[0]",
                        "'severe' is not"),
                broken(
                        "condition comparing an integer with text",
                        rule(
                                "bad-number",
                                "billing.topup",
                                Map.of(),
                                List.of("amount >= lots"),
                                Map.of("action", "disable")),
                        "when[0]",
                        "is of kind integer"),
                broken(
                        "condition that cannot be read",
                        rule(
                                "gibberish",
                                "billing.topup",
                                Map.of(),
                                List.of("amount is big"),
                                Map.of("action", "disable")),
                        "when[0]",
                        "is not a condition"),
                broken(
                        "own field of unknown kind",
                        rule(
                                "bad-kind",
                                "shop.credit",
                                Map.of("credits", "money"),
                                List.of(),
                                Map.of("action", "disable")),
                        "fields.credits",
                        "unknown field kind 'money'"),
                broken(
                        "own field named like an envelope field",
                        rule(
                                "token-field",
                                "shop.credit",
                                Map.of("token_id", "integer"),
                                List.of(),
                                Map.of("action", "disable")),
                        "fields.token_id",
                        "part of every event"),
                broken(
                        "fields declared for a catalogue type",
                        rule(
                                "redeclare",
                                "billing.topup",
                                Map.of("amount", "text"),
                                List.of(),
                                Map.of("action", "disable")),
                        "fields",
                        "fixed fields"),
                broken(
                        "no type",
                        rule("typeless", "", Map.of(), List.of(), Map.of("action", "disable")),
                        "type",
                        "required"),
                broken(
                        "no actions",
                        new RuleSpec("idle", "billing.topup", Map.of(), List.of(), List.of()),
                        "actions",
                        "at least one action"));
    }

    @Test
    void secondRuleWithTheSameNameIsRefused() {
        RuleSpec first = rule("twice", "billing.subscription_ended", Map.of(), List.of(), Map.of("action", "disable"));

        assertThatThrownBy(() -> RuleSet.compile(List.of(first, first), false))
                .hasMessageContaining("rule 'twice', field 'name'");
    }

    @Test
    void ruleNamedLikeACatalogueRuleIsRefusedWhileTheCatalogueApplies() {
        RuleSpec topup = rule("topup", "billing.subscription_ended", Map.of(), List.of(), Map.of("action", "disable"));

        assertThatThrownBy(() -> RuleSet.compile(List.of(topup), true))
                .hasMessageContaining("rule 'topup', field 'name'");
    }

    @Test
    void ruleWithoutNameIsNamedByItsPosition() {
        RuleSpec nameless = rule("", "billing.topup", Map.of(), List.of(), Map.of("action", "disable"));

        assertThatThrownBy(() -> RuleSet.compile(List.of(nameless), true))
                .hasMessageContaining("rule 'rules[0]', field 'name'");
    }

    @Test
    void ownTypeDeclaredDifferentlyByTwoRulesIsRefused() {
        RuleSpec first =
                rule("one", "shop.credit", Map.of("credits", "integer"), List.of(), Map.of("action", "disable"));
        RuleSpec second = rule("two", "shop.credit", Map.of("credits", "text"), List.of(), Map.of("action", "disable"));

        assertThatThrownBy(() -> RuleSet.compile(List.of(first, second), true))
                .hasMessageContaining("rule 'two', field 'fields'");
    }

    private static Arguments broken(String description, RuleSpec rule, String field, String problem) {
        return arguments(description, rule, field, problem);
    }

    static RuleSpec rule(
            String name, String type, Map<String, String> fields, List<String> when, Map<String, String> action) {
        return new RuleSpec(name, type, fields, when, List.of(action));
    }
}
