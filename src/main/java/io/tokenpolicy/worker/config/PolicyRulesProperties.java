package io.tokenpolicy.worker.config;

import io.tokenpolicy.worker.policy.rules.RuleSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operators' own policy rules ({@code token-policy.rules}), checked at start-up against
 * the rules that always hold, and whether the catalogue's rules follow them.
 *
 * @param rules           the operators' rules, tried in order before the catalogue's
 * @param catalogueRules  whether the catalogue's default rules apply after them
 */
@ConfigurationProperties("token-policy")
public record PolicyRulesProperties(
        List<Rule> rules, @DefaultValue("true") boolean catalogueRules) {

    public PolicyRulesProperties {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The rules in the policy's own form. */
    public List<RuleSpec> specs() {
        return rules.stream().map(Rule::spec).toList();
    }

    /**
     * One rule.
     *
     * @param name    identifies it in messages and outcomes
     * @param type    the CloudEvents type it handles
     * @param fields  for a type of the operator's own: its data fields
     * @param when    conditions on data fields, all of which must hold
     * @param actions each an {@code action} with its arguments
     */
    public record Rule(
            String name, String type, List<Field> fields, List<String> when, List<Map<String, String>> actions) {

        RuleSpec spec() {
            Map<String, String> declared = new LinkedHashMap<>();
            if (fields != null) {
                fields.forEach(field -> declared.put(field.name() == null ? "" : field.name(), field.kind()));
            }
            return new RuleSpec(name, type, declared, when, actions);
        }
    }

    /**
     * A data field of an operator's own event type.
     *
     * @param name the field's name in {@code data}
     * @param kind integer, text, boolean, text-list or ip-list; a trailing {@code ?} makes it optional
     */
    public record Field(String name, String kind) {}
}
