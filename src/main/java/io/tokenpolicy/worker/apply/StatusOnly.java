package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.Decision;
import io.tokenpolicy.worker.policy.TokenChange;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a decision comes to for a token whose fields cannot be written, only its status: a change of
 * status stays; a narrowing waits, with the fields it narrows, for the token's next full write
 * ({@link SecurityFacts#pendingIps()}), and an enabled token is disabled until then, since a restriction
 * that cannot be written must not leave it open; any other change of a field is refused, saying why.
 */
final class StatusOnly {

    private StatusOnly() {}

    static Decision of(TokenChange change, Decision decision, TokenState before, String why) {
        if (!(decision instanceof Decision.Apply apply) || TokenWriter.sameFields(before, apply.after())) {
            return decision;
        }
        if (!change.narrowsAccess()) {
            return new Decision.Refuse(why);
        }
        String fields = TokenChanges.between(before, apply.after()).stream()
                .map(FieldChange::field)
                .filter(field -> !field.equals("status"))
                .collect(Collectors.joining(" and "));
        String reason = fields + " could not be narrowed (" + why + "); the narrowing waits for the token's next"
                + " full write";
        TokenState narrowed = apply.after();
        if (before.status() != TokenStatus.ENABLED) {
            return new Decision.Apply(
                    narrowed.withStatus(before.status()),
                    reason + ", and the token stays " + before.status().name().toLowerCase(Locale.ROOT));
        }
        return new Decision.Apply(
                narrowed.withStatus(TokenStatus.DISABLED), reason + "; token disabled until then, which re-enables it");
    }
}
