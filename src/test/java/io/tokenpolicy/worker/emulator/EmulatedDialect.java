package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddressString;
import java.util.Arrays;

/**
 * The wire format of a gateway family the emulator speaks. The stored token is the same; what differs is on the
 * wire: field names and the formats the server insists on. What a server of a given age does besides is its
 * {@link ServerProfile}.
 */
public enum EmulatedDialect {

    /** Upstream new-api: {@code model_limits}, {@code allow_ips} one entry per line. */
    NEW_API,

    /** Crazyrouter: as new-api, but {@code model_limits} must be a JSON-array string and lists are bare arrays. */
    CRAZYROUTER,

    /** one-api: {@code models}, {@code subnet} as comma-separated CIDRs, names up to 30 bytes. */
    ONE_API;

    String modelsField() {
        return this == ONE_API ? "models" : "model_limits";
    }

    String allowIpsField() {
        return this == ONE_API ? "subnet" : "allow_ips";
    }

    int maxNameBytes() {
        return this == ONE_API ? 30 : 50;
    }

    /** What a seeded allow list is stored as: unchecked, since a server may hold anything older versions let in. */
    String seededAllowIps(String seeded) {
        return this == ONE_API ? seeded : EmulatedAllowIps.normalize(seeded);
    }

    /** What the server stores for a written allow list, or a refusal of it. */
    String storedAllowIps(String written) {
        if (this != ONE_API) {
            return EmulatedAllowIps.normalize(written);
        }
        if (written != null && !written.isEmpty()) {
            Arrays.stream(written.split(",")).map(String::strip).forEach(EmulatedDialect::requireCidr);
        }
        return written;
    }

    /** Refuses a model list in a format the server would not read. */
    void checkModels(String written) {
        if (this == CRAZYROUTER && !written.isEmpty() && !isJsonArray(written)) {
            throw EmulatedRefusal.MODELS_NOT_A_JSON_ARRAY.answered(ServerProfile.CRAZYROUTER);
        }
    }

    private static void requireCidr(String subnet) {
        IPAddressString parsed = new IPAddressString(subnet);
        if (!subnet.contains("/") || !parsed.isValid() || !parsed.isPrefixed()) {
            throw EmulatedRefusal.INVALID_SUBNET.answered(ServerProfile.ONE_API, subnet);
        }
    }

    private static boolean isJsonArray(String text) {
        try {
            JsonNode node = Reply.JSON.readTree(text);
            return node != null && node.isArray();
        } catch (JsonProcessingException ex) {
            return false;
        }
    }
}
