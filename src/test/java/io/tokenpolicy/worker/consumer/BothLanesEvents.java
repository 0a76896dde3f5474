package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.fixtures.LaneEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random interleaving of both lanes' events for tokens 1 to n: every billing type on {@code token-events}
 * (top-ups, refunds, quota resets, plan changes, expiries) and every security type on {@code token-security-events}
 * (incidents of each severity, with and without {@code allow_ips}, IP and model restrictions, resolutions). Expiries
 * lie ahead or never come, and quotas never go below 0, so no token is expired or exhausted. A plan sets the group,
 * unlimited quota or expiry but not models: whether a plan may widen a token's models past a security restriction,
 * and so commute with it, is a decision of its own, not this test's.
 */
final class BothLanesEvents {

    private static final List<String> GROUPS = List.of("default", "vip", "batch");
    private static final List<List<String>> ALLOW_IPS = List.of(
            List.of("10.0.0.0/8"),
            List.of("10.1.0.0/16", "192.168.0.0/16"),
            List.of("172.16.0.0/12"),
            List.of("192.168.1.0/24", "2001:db8::/32"));
    private static final List<List<String>> MODELS =
            List.of(List.of("gpt-4o", "o4"), List.of("claude-sonnet-4-6", "gpt-4o"), List.of("gemini-2.5-pro"));
    private static final long DAY = Duration.ofDays(1).toSeconds();

    private final Random random;
    private final long today = Instant.now().getEpochSecond() / DAY * DAY;

    BothLanesEvents(Random random) {
        this.random = random;
    }

    /** 6 to 14 events per token, a little more than half of them billing, merged at random across tokens. */
    List<LaneEvent> interleaving(int tokens) {
        List<List<LaneEvent>> perToken = new ArrayList<>();
        for (long token = 1; token <= tokens; token++) {
            List<LaneEvent> events = new ArrayList<>();
            for (int i = 6 + random.nextInt(9); i > 0; i--) {
                events.add(random.nextInt(100) < 55 ? billing(token) : security(token));
            }
            perToken.add(events);
        }
        List<LaneEvent> merged = new ArrayList<>();
        while (!perToken.isEmpty()) {
            int token = random.nextInt(perToken.size());
            merged.add(perToken.get(token).remove(0));
            if (perToken.get(token).isEmpty()) {
                perToken.remove(token);
            }
        }
        return merged;
    }

    LaneEvent billing(long token) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> LaneEvent.onEventsTopic(token, "billing.topup", Map.of("amount", 1 + random.nextInt(1_000)));
            case 2 -> LaneEvent.onEventsTopic(token, "billing.refund", Map.of("amount", 1 + random.nextInt(1_500)));
            case 3 ->
                LaneEvent.onEventsTopic(token, "billing.quota_reset", Map.of("remain_quota", random.nextInt(3_000)));
            case 4 -> LaneEvent.onEventsTopic(token, "billing.plan_changed", plan());
            default ->
                LaneEvent.onEventsTopic(
                        token, "token.expiry_set", Map.of("expired_time", random.nextBoolean() ? -1 : expiryAhead()));
        };
    }

    LaneEvent security(long token) {
        return switch (random.nextInt(6)) {
            case 0 ->
                random.nextBoolean()
                        ? incident(token, pick(List.of("low", "medium")), Map.of("allow_ips", pick(ALLOW_IPS)))
                        : incident(token, pick(List.of("low", "medium")), Map.of());
            case 1 -> incident(token, pick(List.of("high", "critical")), Map.of());
            case 2 -> LaneEvent.onSecurityTopic(token, "security.ip_restriction", Map.of("allow_ips", pick(ALLOW_IPS)));
            case 3 -> LaneEvent.onSecurityTopic(token, "security.model_restriction", Map.of("models", pick(MODELS)));
            default -> LaneEvent.onSecurityTopic(token, "security.incident_resolved", Map.of());
        };
    }

    private Map<String, Object> plan() {
        return switch (random.nextInt(4)) {
            case 0 -> Map.of("group", pick(GROUPS));
            case 1 -> Map.of("unlimited_quota", random.nextBoolean());
            case 2 -> Map.of("expired_time", expiryAhead());
            default -> Map.of("group", pick(GROUPS), "expired_time", expiryAhead());
        };
    }

    private LaneEvent incident(long token, String severity, Map<String, Object> more) {
        Map<String, Object> fields = new HashMap<>(more);
        fields.put("severity", severity);
        fields.put("reason", "key seen in a public repository");
        return LaneEvent.onSecurityTopic(token, "security.incident", fields);
    }

    private long expiryAhead() {
        return today + DAY * (30 + random.nextInt(300));
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
