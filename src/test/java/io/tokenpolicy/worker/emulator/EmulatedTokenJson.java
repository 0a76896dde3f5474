package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Renders a stored token the way the server does: key masked, plus the fields newer servers add. */
final class EmulatedTokenJson {

    private static final String MASK = "**********";

    private EmulatedTokenJson() {}

    static ObjectNode render(EmulatedToken token, EmulatedDialect dialect) {
        ObjectNode node = render(token);
        if (dialect != EmulatedDialect.ONE_API) {
            return node;
        }
        node.remove(List.of("model_limits_enabled", "model_limits", "allow_ips"));
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
