package io.tokenpolicy.worker.soak;

import io.tokenpolicy.worker.fixtures.LaneEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The soak's events, all ten catalogue types at random over the tokens of two gateway users: the first user's tokens
 * (used all the while on the gateway) get every type but quota resets, the second user's (not used, so their quota is
 * exact) every type but unlimited quota. Security types go to the security lane. Quotas are large enough that no
 * refund or use empties them, expiries lie in the future, and every narrowing admits {@code 10.0.0.1} and
 * {@code gpt-common}, so that {@link ReferenceModel} can tell each token's end.
 */
final class SoakEvents {

    static final String COMMON_IP = "10.0.0.1";
    static final String COMMON_MODEL = "gpt-common";

    private static final List<String> IPS = List.of("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "2001:db8::7");
    private static final List<String> MODELS = List.of("gpt-a", "gpt-b", "gpt-c", "claude-d");
    private static final List<String> GROUPS = List.of("default", "vip", "pro");
    private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
    private static final long A_YEAR = 365L * 24 * 3600;

    private final Random random;
    private final SoakUsers users;
    private final long now = Instant.now().getEpochSecond();

    SoakEvents(Random random, SoakUsers users) {
        this.random = random;
        this.users = users;
    }

    /** An event of a random type for a random seeded token. */
    LaneEvent next() {
        long token = 1 + random.nextInt(users.tokens());
        long user = users.userOf(token);
        boolean used = user == users.usedUser();
        int pick = random.nextInt(100);
        if (pick < 35) {
            return billing(token, user, "billing.topup", Map.of("amount", 1 + random.nextInt(100_000)));
        }
        if (pick < 45) {
            return billing(token, user, "billing.refund", Map.of("amount", 1 + random.nextInt(10_000)));
        }
        if (pick < 50) {
            return used
                    ? billing(token, user, "billing.topup", Map.of("amount", 1 + random.nextInt(100_000)))
                    : billing(
                            token,
                            user,
                            "billing.quota_reset",
                            Map.of("remain_quota", 1_000_000 + random.nextInt(1_000_000)));
        }
        if (pick < 60) {
            return billing(token, user, "billing.plan_changed", plan(used));
        }
        if (pick < 61) {
            return billing(token, user, "billing.subscription_ended", Map.of());
        }
        if (pick < 69) {
            return security(token, user, "security.incident", incident());
        }
        if (pick < 77) {
            return security(token, user, "security.ip_restriction", Map.of("allow_ips", some(COMMON_IP, IPS)));
        }
        if (pick < 85) {
            return security(token, user, "security.model_restriction", Map.of("models", some(COMMON_MODEL, MODELS)));
        }
        if (pick < 93) {
            return security(token, user, "security.incident_resolved", Map.of());
        }
        return billing(token, user, "token.expiry_set", Map.of("expired_time", expiry()));
    }

    /** A top-up for a token the gateway does not have yet: refused, parked, and applied once replayed. */
    LaneEvent topUpOfLateToken() {
        long token = users.tokens() + 1 + random.nextInt(users.lateTokens());
        return billing(token, users.lateUser(), "billing.topup", Map.of("amount", 1 + random.nextInt(100_000)));
    }

    private Map<String, Object> plan(boolean mayBeUnlimited) {
        Map<String, Object> plan = new LinkedHashMap<>();
        while (plan.isEmpty()) {
            if (random.nextBoolean()) {
                plan.put("group", GROUPS.get(random.nextInt(GROUPS.size())));
            }
            if (random.nextBoolean()) {
                plan.put("models", some(COMMON_MODEL, MODELS));
            }
            if (mayBeUnlimited && random.nextInt(4) == 0) {
                plan.put("unlimited_quota", random.nextBoolean());
            }
            if (random.nextInt(3) == 0) {
                plan.put("expired_time", expiry());
            }
        }
        return plan;
    }

    private Map<String, Object> incident() {
        String severity = SEVERITIES.get(random.nextInt(SEVERITIES.size()));
        Map<String, Object> incident = new LinkedHashMap<>(Map.of("severity", severity, "reason", "soak incident"));
        if ((severity.equals("low") || severity.equals("medium")) && random.nextBoolean()) {
            incident.put("allow_ips", some(COMMON_IP, IPS));
        }
        return incident;
    }

    private long expiry() {
        return random.nextInt(5) == 0 ? -1 : now + A_YEAR + random.nextInt(1_000_000);
    }

    /** {@code always} and a random few of {@code others}, in random order. */
    private List<String> some(String always, List<String> others) {
        List<String> picked = new ArrayList<>(List.of(always));
        others.stream().filter(other -> random.nextBoolean()).forEach(picked::add);
        Collections.shuffle(picked, random);
        return picked;
    }

    private static LaneEvent billing(long token, long user, String type, Map<String, ?> fields) {
        return LaneEvent.onEventsTopic(token, type, withUser(user, fields));
    }

    private static LaneEvent security(long token, long user, String type, Map<String, ?> fields) {
        return LaneEvent.onSecurityTopic(token, type, withUser(user, fields));
    }

    private static Map<String, Object> withUser(long user, Map<String, ?> fields) {
        Map<String, Object> data = new LinkedHashMap<>(fields);
        data.put("user_id", user);
        return data;
    }
}
