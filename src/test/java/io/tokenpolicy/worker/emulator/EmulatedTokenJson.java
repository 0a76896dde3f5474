package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders a stored token the way the profile's server does: new-api masks the key and adds the fields newer servers
 * have; one-api has {@code models} and {@code subnet}, no group fields, and shows the full key.
 */
final class EmulatedTokenJson {

    private static final String MASK = "**********";

    private EmulatedTokenJson() {}

    private static final List<String> NOT_IN_ONE_API = List.of(
            "model_limits_enabled",
            "model_limits",
            "allow_ips",
            "group",
            "cross_group_retry",
            "auto_groups",
            "DeletedAt");

    static ObjectNode render(EmulatedToken token, ServerProfile profile) {
        ObjectNode node = render(token);
        if (!profile.masksKey()) {
            node.put("key", token.key());
        }
        if (profile.dialect() != EmulatedDialect.ONE_API) {
            return node;
        }
        node.remove(NOT_IN_ONE_API);
        return node.put("models", token.modelLimits()).put("subnet", token.allowIps());
    }

    static ObjectNode render(EmulatedToken token) {
        ObjectNode node = Reply.JSON
                .createObjectNode()
                .put("id", token.id())
                .put("user_id", token.userId())
                .put("key", mask(token.key()))
                .put("status", token.status())
                .put("name", token.name())
                .put("created_time", token.createdTime())
                .put("accessed_time", token.accessedTime())
                .put("expired_time", token.expiredTime())
                .put("remain_quota", token.remainQuota())
                .put("unlimited_quota", token.unlimitedQuota())
                .put("model_limits_enabled", token.modelLimitsEnabled())
                .put("model_limits", token.modelLimits())
                .put("allow_ips", token.allowIps())
                .put("used_quota", token.usedQuota())
                .put("group", token.group())
                .put("cross_group_retry", token.crossGroupRetry());
        ArrayNode autoGroups = node.putArray("auto_groups");
        token.autoGroups().forEach(autoGroups::add);
        return node.putNull("DeletedAt");
    }

    static String mask(String key) {
        if (key.length() <= 4) {
            return "*".repeat(key.length());
        }
        if (key.length() <= 8) {
            return key.substring(0, 2) + "****" + key.substring(key.length() - 2);
        }
        return key.substring(0, 4) + MASK + key.substring(key.length() - 4);
    }
}
