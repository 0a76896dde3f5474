package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The fork behaviours switched on, and the fields the server does not know: it neither stores nor answers them. */
final class Forks {

    private static final Set<String> WRITABLE = Set.of(
            "name",
            "expired_time",
            "unlimited_quota",
            "model_limits_enabled",
            "model_limits",
            "models",
            "allow_ips",
            "subnet",
            "group",
            "cross_group_retry",
            "auto_groups");

    private final Set<ForkBehaviour> behaviours = ConcurrentHashMap.newKeySet();

    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

    void add(ForkBehaviour behaviour) {
        behaviours.add(behaviour);
    }

    void forget(String field) {
        if (!WRITABLE.contains(field)) {
            throw new IllegalArgumentException("not a writable field of a token: " + field);
        }
        forgotten.add(field);
    }

    /** What a full PUT stores of {@code replaced}: the forgotten fields kept as they were, a fork's re-enable. */
    EmulatedToken stored(EmulatedToken before, EmulatedToken replaced) {
        EmulatedToken.Builder token = replaced.toBuilder();
        forgotten.forEach(field -> stored(field, token, before));
        boolean raised =
                replaced.remainQuota() > before.remainQuota() || replaced.unlimitedQuota() && !before.unlimitedQuota();
        if (raised && behaviours.contains(ForkBehaviour.RE_ENABLES_ON_QUOTA_RAISE)) {
            token.status(EmulatedToken.ENABLED);
        }
        return token.build();
    }

    /** The token a PUT's answer shows. */
    EmulatedToken answered(EmulatedToken before, EmulatedToken after) {
        return behaviours.contains(ForkBehaviour.ANSWERS_STATE_BEFORE_WRITE) ? before : after;
    }

    /** The rendered token without the fields the server does not know. */
    ObjectNode rendered(ObjectNode token) {
        token.remove(forgotten);
        return token;
    }

    private static void stored(String field, EmulatedToken.Builder token, EmulatedToken before) {
        switch (field) {
            case "name" -> token.name(before.name());
            case "expired_time" -> token.expiredTime(before.expiredTime());
            case "unlimited_quota" -> token.unlimitedQuota(before.unlimitedQuota());
            case "model_limits_enabled" -> token.modelLimitsEnabled(before.modelLimitsEnabled());
            case "model_limits", "models" -> token.modelLimits(before.modelLimits());
            case "allow_ips", "subnet" -> token.allowIps(before.allowIps());
            case "group" -> token.group(before.group());
            case "cross_group_retry" -> token.crossGroupRetry(before.crossGroupRetry());
            case "auto_groups" -> token.autoGroups(before.autoGroups());
            default -> throw new IllegalStateException("forgotten field without a column: " + field);
        }
    }
}
