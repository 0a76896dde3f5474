package io.tokenpolicy.worker.policy.rules;

/** A configured rule that cannot be used; the message names the rule and the field at fault. */
public final class InvalidRuleException extends IllegalArgumentException {

    InvalidRuleException(String rule, String field, String problem) {
        super("token-policy rule '" + rule + "', field '" + field + "': " + problem);
    }
}
