package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.EventSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks rules as written and turns them into {@link Rule}s, learning operators' own types on the way. */
final class RuleCompiler {

    private final Map<String, EventSchema> schemas = new HashMap<>(Catalogue.schemas());
    private final Set<String> names = new HashSet<>();
    private final List<Rule> rules = new ArrayList<>();

    void add(String label, RuleSpec spec) {
        String rule = spec.name().isBlank() ? label : spec.name();
        if (spec.name().isBlank()) {
            throw new InvalidRuleException(rule, "name", "required");
        }
        if (!names.add(spec.name())) {
            throw new InvalidRuleException(rule, "name", "another rule has this name");
        }
        if (spec.type().isBlank()) {
            throw new InvalidRuleException(rule, "type", "required: the CloudEvents type the rule handles");
        }
        EventSchema schema = schema(rule, spec);
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < spec.when().size(); i++) {
            conditions.add(condition(rule, "when[" + i + "]", spec.when().get(i), schema));
        }
        if (spec.actions().isEmpty()) {
            throw new InvalidRuleException(rule, "actions", "a rule needs at least one action");
        }
        ActionCompiler actions = new ActionCompiler(rule, schema);
        List<BoundAction> bound = new ArrayList<>();
        for (int i = 0; i < spec.actions().size(); i++) {
            bound.add(actions.compile("actions[" + i + "]", spec.actions().get(i)));
        }
        rules.add(new Rule(spec.name(), spec.type(), conditions, bound));
    }

    Map<String, EventSchema> schemas() {
        return Map.copyOf(schemas);
    }

    List<Rule> rules() {
        return List.copyOf(rules);
    }

    private EventSchema schema(String rule, RuleSpec spec) {
        EventSchema known = schemas.get(spec.type());
        if (Catalogue.schemas().containsKey(spec.type())) {
            if (!spec.fields().isEmpty()) {
                throw new InvalidRuleException(rule, "fields", spec.type() + " is a catalogue type with fixed fields");
            }
            return known;
        }
        if (known != null && spec.fields().isEmpty()) {
            return known;
        }
        EventSchema declared = SchemaDeclaration.read(rule, spec.type(), spec.fields());
        if (known != null && !known.equals(declared)) {
            throw new InvalidRuleException(rule, "fields", "another rule declares other fields for " + spec.type());
        }
        schemas.put(spec.type(), declared);
        return declared;
    }

    private static Condition condition(String rule, String where, String text, EventSchema schema) {
        try {
            return ConditionParser.parse(text == null ? "" : text, schema);
        } catch (IllegalArgumentException invalid) {
            throw new InvalidRuleException(rule, where, invalid.getMessage());
        }
    }
}
