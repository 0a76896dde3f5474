package io.tokenpolicy.worker.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.UncheckedIOException;

/** The JSON the worker writes and reads back itself: outcomes and ledger records. Events are read by {@link UntrustedJson}. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** The node as UTF-8 JSON, written straight to bytes. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JacksonException impossible) {
            throw new UncheckedIOException("could not write JSON to memory", impossible);
        }
    }

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
