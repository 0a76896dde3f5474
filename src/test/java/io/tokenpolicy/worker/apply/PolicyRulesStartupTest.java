package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.DryRunProperties;
import io.tokenpolicy.worker.config.PolicyRulesProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.FieldKind;
import io.tokenpolicy.worker.policy.rules.InvalidRuleException;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Rules from configuration are checked when the worker starts: a broken one stops it, naming rule and field. */
class PolicyRulesStartupTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ApplyConfiguration.class, Properties.class)
            .withBean(TokenGateway.class, FakeTokenGateway::new)
            .withBean(CallAdmission.class, () -> CallAdmission.UNLIMITED)
            .withPropertyValues(
                    "token-api.base-url=http://gateway.test", "token-api.user-id=1", "token-api.access-token=test")
            .withBean(WorkerMetrics.class, () -> new WorkerMetrics(new SimpleMeterRegistry()));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            billing type enabling     | billing.topup           | action=enable                               | actions[0].action | billing never re-enables
            widening allow_ips        | security.ip_restriction | action=set-allow-ips,allow-ips=0.0.0.0/0    | actions[0].action | can only be narrowed
            unknown action            | billing.topup           | action=grant-everything                     | actions[0].action | unknown action 'grant-everything'
            text bound to a quota     | security.incident       | action=raise-quota,amount=data.reason       | actions[0].amount | data.reason is of kind text
            integer bound to a group  | billing.topup           | action=set-group,group=data.amount          | actions[0].group  | data.amount is of kind integer
            unknown field             | token.expiry_set        | action=set-expiry,expired-time=data.expiry  | actions[0].expired_time | data.expiry is not a field
            """)
    void brokenRuleStopsTheStartNamingRuleAndField(
            String name, String type, String action, String field, String problem) {
        String rule = name.replace(' ', '-');
        runner.withPropertyValues(ruleProperties(rule, type, action)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasRootCauseInstanceOf(InvalidRuleException.class)
                    .rootCause()
                    .hasMessageContaining("rule '" + rule + "'")
                    .hasMessageContaining("field '" + field + "'")
                    .hasMessageContaining(problem);
        });
    }

    @Test
    void conditionOnAFieldOfTheWrongKindStopsTheStart() {
        runner.withPropertyValues(
                        "token-policy.rules[0].name=big-top-ups",
                        "token-policy.rules[0].type=billing.topup",
                        "token-policy.rules[0].when[0]=amount in [lots, heaps]",
                        "token-policy.rules[0].actions[0].action=disable")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("rule 'big-top-ups', field 'when[0]'")
                        .hasMessageContaining("data.amount is of kind integer"));
    }

    @Test
    void ownFieldOfUnknownKindStopsTheStart() {
        runner.withPropertyValues(
                        "token-policy.rules[0].name=credits",
                        "token-policy.rules[0].type=shop.credit",
                        "token-policy.rules[0].fields[0].name=credit_amount",
                        "token-policy.rules[0].fields[0].kind=money",
                        "token-policy.rules[0].actions[0].action=disable")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("rule 'credits', field 'fields.credit_amount'"));
    }

    @Test
    void validRulesFromConfigurationAreCompiledWithTheCatalogue() {
        runner.withPropertyValues(
                        "token-policy.rules[0].name=credits",
                        "token-policy.rules[0].type=shop.credit",
                        "token-policy.rules[0].fields[0].name=credit_amount",
                        "token-policy.rules[0].fields[0].kind=integer",
                        "token-policy.rules[0].fields[1].name=allow_ips",
                        "token-policy.rules[0].fields[1].kind=ip-list?",
                        "token-policy.rules[0].actions[0].action=raise-quota",
                        "token-policy.rules[0].actions[0].amount=data.credit_amount",
                        "token-policy.rules[0].actions[1].action=narrow-allow-ips",
                        "token-policy.rules[0].actions[1].allow-ips=data.allow_ips")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RuleSet rules = context.getBean(RuleSet.class);
                    assertThat(rules.schemas()
                                    .get("shop.credit")
                                    .fields()
                                    .get("credit_amount")
                                    .kind())
                            .isEqualTo(FieldKind.INTEGER);
                    assertThat(rules.schemas()).containsKey("billing.refund");
                });
    }

    @Test
    void catalogueRulesCanBeSwitchedOff() {
        runner.withPropertyValues("token-policy.catalogue-rules=false").run(context -> assertThat(
                        context.getBean(PolicyRulesProperties.class).catalogueRules())
                .isFalse());
    }

    private static String[] ruleProperties(String rule, String type, String action) {
        String prefix = "token-policy.rules[0].";
        List<String> properties = new ArrayList<>(List.of(prefix + "name=" + rule, prefix + "type=" + type));
        for (String argument : action.split(",")) {
            properties.add(prefix + "actions[0]." + argument);
        }
        return properties.toArray(String[]::new);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        PolicyRulesProperties.class,
        RetryProperties.class,
        CircuitProperties.class,
        ConcurrencyProperties.class,
        DryRunProperties.class,
        TokenApiProperties.class
    })
    static class Properties {}
}
