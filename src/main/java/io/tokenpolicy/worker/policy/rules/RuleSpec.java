package io.tokenpolicy.worker.policy.rules;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule as an operator writes it, before it is checked: which event type it handles, the
 * data fields of that type when it is the operator's own, the conditions under which it
 * applies, and the actions it takes, each a map of {@code action} and its arguments.
 *
 * @param name    identifies the rule in messages and outcomes
 * @param type    the CloudEvents type it handles
 * @param fields  for a type outside the catalogue: its data fields, name to kind
 *                ({@code integer}, {@code text}, {@code boolean}, {@code text-list},
 *                {@code ip-list}; a trailing {@code ?} makes one optional)
 * @param when    conditions on data fields, all of which must hold
 * @param actions what the rule does, in order
 */
public record RuleSpec(
        String name, String type, Map<String, String> fields, List<String> when, List<Map<String, String>> actions) {

    public RuleSpec {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        when = when == null ? List.of() : List.copyOf(when);
        actions =
                actions == null ? List.of() : actions.stream().map(Map::copyOf).toList();
        name = Objects.requireNonNullElse(name, "");
        type = Objects.requireNonNullElse(type, "");
    }
}
