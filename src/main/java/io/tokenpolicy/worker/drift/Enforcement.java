package io.tokenpolicy.worker.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.policy.DriftFinding;
import io.tokenpolicy.worker.policy.DriftKind;
import io.tokenpolicy.worker.policy.PolicyView;
import java.time.Instant;
import java.util.Optional;

/**
 * The security decision a finding undoes, made again: a {@code security.*} CloudEvent for the security lane, which the
 * worker applies as any other (its hold, its narrowing, its outcome). Only security decisions are enforced: a token a
 * security stop kept off that is enabled again is disabled ({@code security.incident}, critical), an allow list wider
 * than decided is narrowed to it ({@code security.ip_restriction}), a model whitelist wider than decided is narrowed
 * to it ({@code security.model_restriction}). Money never is: a funded total that differs, an expiry or a group, a
 * token that billing disabled, are reported only.
 */
final class Enforcement {

    static final String SOURCE = "/token-policy-worker/drift";

    private Enforcement() {}

    /** The event that enforces the decision {@code found} differs from, if it is one the pass enforces. */
    static Optional<ObjectNode> of(Found found, String findingId, Instant now) {
        DriftFinding finding = found.finding();
        PolicyView view = found.token().view();
        ObjectNode data = Json.MAPPER
                .createObjectNode()
                .put("token_id", found.token().tokenId())
                .put("user_id", found.token().userId());
        String type;
        if (finding.kind() == DriftKind.RE_ENABLED && finding.security()) {
            type = "security.incident";
            data.put("severity", "critical")
                    .put(
                            "reason",
                            "drift: enabled again by hand; it was "
                                    + view.status()
                                            .map(PolicyView.DecidedStatus::why)
                                            .orElse("stopped for security"));
        } else if (finding.kind() == DriftKind.ALLOW_IPS_WIDER
                && view.allowIps().filter(ips -> !ips.entries().isEmpty()).isPresent()) {
            type = "security.ip_restriction";
            view.allowIps().get().entries().forEach(data.putArray("allow_ips")::add);
        } else if (finding.kind() == DriftKind.MODELS_WIDER
                && view.modelLimits()
                        .filter(models -> !models.models().isEmpty())
                        .isPresent()) {
            type = "security.model_restriction";
            view.modelLimits().get().models().forEach(data.putArray("models")::add);
        } else {
            return Optional.empty();
        }
        ObjectNode event = Json.MAPPER
                .createObjectNode()
                .put("specversion", "1.0")
                .put("id", findingId)
                .put("source", SOURCE)
                .put("type", type)
                .put("time", now.toString())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return Optional.of(event);
    }
}
