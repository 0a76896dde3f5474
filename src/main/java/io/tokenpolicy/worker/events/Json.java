package io.tokenpolicy.worker.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** The JSON the worker writes and reads back itself: outcomes and ledger records. Events are read by {@link UntrustedJson}. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node instanceof MissingNode) {
                throw new BadEventException(what + " is empty: expected JSON");
            }
            return node;
        } catch (JacksonException notJson) {
            throw new BadEventException(what + " is not JSON: " + Problem.describe(notJson));
        } catch (java.io.IOException unreadable) {
            throw new BadEventException(what + " cannot be read: " + Problem.describe(unreadable));
        }
    }
}
