package io.tokenpolicy.worker.gatewaycontract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * A gateway's answer to one call.
 *
 * @param status the HTTP status
 * @param retryAfter the {@code Retry-After} header, if any
 * @param body the body as JSON; a missing node when it is empty or not JSON
 */
record Answer(int status, Optional<String> retryAfter, JsonNode body) {

    static final String ACCEPTED = "accepted";

    static final String REFUSED_200 = "refused (200 success:false)";

    static Answer of(int status, Optional<String> retryAfter, JsonNode body) {
        return new Answer(status, retryAfter, body == null ? MissingNode.getInstance() : body);
    }

    boolean succeeded() {
        return status == 200 && body.path("success").asBoolean(false);
    }

    JsonNode data() {
        return body.path("data");
    }

    /** What the server did with the call, in the contract's words. */
    String outcome() {
        if (succeeded()) {
            return ACCEPTED;
        }
        if (status == 200 && body.has("success")) {
            return REFUSED_200;
        }
        String code = body.path("code").asText("");
        return "refused (" + status + (code.isEmpty() ? "" : " " + code) + ")";
    }
}
