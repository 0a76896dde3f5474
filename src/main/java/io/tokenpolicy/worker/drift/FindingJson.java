package io.tokenpolicy.worker.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.policy.DriftFinding;
import io.tokenpolicy.worker.policy.PolicyView;
import java.time.Instant;

/**
 * A finding as its record on the drift topic (docs/schemas/drift-finding.schema.json): what differs, what was decided
 * and by which event, what the gateway holds, and the event that enforces the decision again when the pass did.
 */
final class FindingJson {

    private FindingJson() {}

    static ObjectNode of(Found found, String findingId, String passId, Instant at, String enforcedBy) {
        DriftFinding finding = found.finding();
        ViewedToken token = found.token();
        ObjectNode json = Json.MAPPER
                .createObjectNode()
                .put("finding_id", findingId)
                .put("pass_id", passId)
                .put("kind", finding.kind().tag())
                .put("token_id", token.tokenId())
                .put("user_id", token.userId())
                .put("field", finding.field());
        json.set("decided", Json.MAPPER.valueToTree(finding.decided()));
        json.set("found", Json.MAPPER.valueToTree(finding.found()));
        json.put("difference", finding.difference()).put("security", finding.security());
        token.view().status().map(PolicyView.DecidedStatus::why).ifPresent(why -> json.put("status_why", why));
        json.put("decided_by", token.decidedBy());
        json.put(
                "decided_at",
                token.decidedAt() == null ? null : token.decidedAt().toString());
        json.put("found_at", at.toString());
        json.put("enforced_by", enforcedBy);
        return json;
    }
}
