package io.tokenpolicy.worker.gatewaycontract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The token the contract makes for itself and deletes again: created under a unique name (a create answers no id,
 * so the id is found by that name in the user's list), put back into one known state before every check.
 */
final class ScratchToken implements AutoCloseable {

    static final long QUOTA = 1_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final GatewayCalls calls;

    private final String name;

    private final Answer created;

    private final long id;

    private final boolean oneApiWire;

    private ScratchToken(GatewayCalls calls, String name, Answer created, long id, boolean oneApiWire) {
        this.calls = calls;
        this.name = name;
        this.created = created;
        this.id = id;
        this.oneApiWire = oneApiWire;
    }

    /** Creates the token, finds it and reads it; the caller closes it, which deletes it. */
    static ScratchToken create(GatewayCalls calls) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String name = "tpw-contract-" + HexFormat.of().formatHex(suffix);
        Answer created = calls.create(GatewayCalls.JSON
                .createObjectNode()
                .put("name", name)
                .put("remain_quota", QUOTA)
                .put("expired_time", -1));
        if (!created.succeeded()) {
            throw new IllegalStateException("the gateway refused to create a scratch token: " + created.outcome() + " "
                    + created.body().path("message").asText(""));
        }
        JsonNode found = find(calls.list(), name);
        if (found == null) {
            throw new IllegalStateException("created the scratch token " + name
                    + " but cannot find it in the first page of the user's" + " tokens: delete it by hand");
        }
        return new ScratchToken(calls, name, created, found.path("id").asLong(), found.has("subnet"));
    }

    private static JsonNode find(Answer list, String name) {
        JsonNode data = list.data();
        JsonNode items = data.isArray() ? data : data.path("items");
        for (JsonNode token : items) {
            if (name.equals(token.path("name").asText())) {
                return token;
            }
        }
        return null;
    }

    long id() {
        return id;
    }

    String name() {
        return name;
    }

    /** The create's answer. */
    Answer created() {
        return created;
    }

    /** The field of the allow list: {@code subnet} on one-api, {@code allow_ips} on new-api. */
    String allowIpsField() {
        return oneApiWire ? "subnet" : "allow_ips";
    }

    /** The field of the model list: {@code models} on one-api, {@code model_limits} on new-api. */
    String modelsField() {
        return oneApiWire ? "models" : "model_limits";
    }

    /** The token as the gateway answers a GET; fails when it does not. */
    ObjectNode read() {
        Answer answer = calls.get(id);
        if (!answer.succeeded() || !answer.data().isObject()) {
            throw new IllegalStateException("cannot read the scratch token: " + answer.outcome());
        }
        return (ObjectNode) answer.data();
    }

    /** A full PUT of the token as read, without {@code auto_groups} (sent only to change it), changed by {@code change}. */
    Answer write(Consumer<ObjectNode> change) {
        ObjectNode token = read();
        token.remove("auto_groups");
        change.accept(token);
        return calls.put(token);
    }

    /** Puts the token back into the known state: enabled, 1000 quota, never expiring, unrestricted. */
    void reset() {
        Answer written = write(token -> {
            token.put("name", name)
                    .put("remain_quota", QUOTA)
                    .put("unlimited_quota", false)
                    .put("expired_time", -1)
                    .put(modelsField(), "")
                    .put(allowIpsField(), "");
            if (!oneApiWire) {
                token.put("model_limits_enabled", false).put("cross_group_retry", false);
            }
        });
        Answer enabled = calls.putStatusOnly(id, 1);
        if (!written.succeeded() || !enabled.succeeded()) {
            throw new IllegalStateException("cannot put the scratch token back into its known state: "
                    + written.outcome() + ", " + enabled.outcome());
        }
    }

    @Override
    public void close() {
        Answer deleted = calls.delete(id);
        if (!deleted.succeeded()) {
            throw new IllegalStateException(
                    "cannot delete the scratch token " + name + " (id " + id + "): " + deleted.outcome());
        }
    }
}
