package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.EventRules;
import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.KeepToken;
import io.tokenpolicy.worker.policy.TokenChange;
import io.tokenpolicy.worker.policy.TokenEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rules in force, checked once at start-up: the operators' own first, in the order written,
 * then the catalogue's. The first rule for an event's type whose conditions hold decides; an
 * event that no rule matches changes nothing.
 */
public final class RuleSet implements EventRules {

    private static final RuleSet CATALOGUE = compile(List.of(), true);

    private final List<Rule> rules;
    private final Map<String, EventSchema> schemas;

    private RuleSet(List<Rule> rules, Map<String, EventSchema> schemas) {
        this.rules = rules;
        this.schemas = schemas;
    }

    /** The catalogue's rules alone. */
    public static RuleSet catalogue() {
        return CATALOGUE;
    }

    /**
     * The given rules, followed by the catalogue's when {@code withCatalogue}.
     *
     * @throws InvalidRuleException naming the rule and field of the first rule that cannot be used
     */
    public static RuleSet compile(List<RuleSpec> specs, boolean withCatalogue) {
        RuleCompiler compiler = new RuleCompiler();
        for (int i = 0; i < specs.size(); i++) {
            compiler.add("rules[" + i + "]", specs.get(i));
        }
        if (withCatalogue) {
            Catalogue.rules().forEach(spec -> compiler.add(spec.name(), spec));
        }
        return new RuleSet(compiler.rules(), compiler.schemas());
    }

    /** The data fields of every type an event may have: the catalogue's and the operators' own. */
    public Map<String, EventSchema> schemas() {
        return schemas;
    }

    @Override
    public TokenChange changeFor(TokenEvent event, Instant now) {
        String type = event.envelope().type();
        return rules.stream()
                .filter(rule -> rule.matches(type, event.data()))
                .findFirst()
                .map(rule -> rule.change(event.data(), now))
                .orElseGet(() -> new KeepToken("no rule for " + type + " applies to this event: no change"));
    }
}
