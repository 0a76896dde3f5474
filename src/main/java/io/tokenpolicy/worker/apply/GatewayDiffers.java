package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the gateway's answers to a batch's writes show it wrote otherwise than the worker intended: a fork that switches
 * a token on with an update, a server that drops a field it does not know. Each difference is kept as a
 * {@link FieldChange} from the value intended ({@code before}) to the value written ({@code after}), the last answer
 * for a field winning. A narrowing the gateway did not write (allow_ips, model limits) is a security change that did
 * not take: it is not kept but ends the batch ({@link UnacceptableAnswerException}), so that it is never reported
 * applied.
 */
final class GatewayDiffers {

    private static final Set<String> SECURITY_FIELDS = Set.of("allow_ips", "model_limits", "model_limits_enabled");

    private final Map<String, FieldChange> differences = new LinkedHashMap<>();

    /** Compares the fields (not the status) of a full PUT's answer with those intended. */
    void compareFields(TokenState intended, TokenState written) {
        for (FieldChange field : TokenChanges.between(intended.withStatus(written.status()), written)) {
            if (SECURITY_FIELDS.contains(field.field())) {
                throw new UnacceptableAnswerException("the gateway answered the write of token " + intended.id()
                        + " with " + field.field() + " " + field.after() + " instead of the " + field.before()
                        + " written, so the restriction cannot be reported made");
            }
            differences.put(field.field(), field);
        }
    }

    /** Notes a status the gateway answered that is not the one intended. */
    void status(int intended, int written) {
        differences.put("status", new FieldChange("status", intended, written));
    }

    boolean isEmpty() {
        return differences.isEmpty();
    }

    /** The differences, in the order first seen. */
    List<FieldChange> all() {
        return new ArrayList<>(differences.values());
    }
}
