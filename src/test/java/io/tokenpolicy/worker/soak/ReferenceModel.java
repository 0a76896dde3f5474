package io.tokenpolicy.worker.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * What the policy makes of a token's events, worked out from the user documentation (docs/events.md, docs/rules.md)
 * alone, without the worker's classes: the events are read as a producer wrote them, each distinct {@code source}
 * and {@code id} once, in publish order. It covers the events the soak publishes: quotas stay above 0 and expiries
 * in the future, every IP restriction admits {@code 10.0.0.1} and every model list {@code gpt-common}, so no
 * narrowing is ever empty. On those events a token's end state does not depend on how the security lane and the
 * events topic interleave, only on each lane's own order, which Kafka keeps per token:
 * <ul>
 *   <li>status: disabled when a {@code billing.subscription_ended} came (billing never re-enables, and the
 *       resolution never lifts a billing stop), or when a {@code high}/{@code critical} incident came after the last
 *       {@code security.incident_resolved}; otherwise enabled;
 *   <li>{@code allow_ips}: the intersection of every narrowing (set semantics; unrestricted when none);
 *   <li>models: the last plan's {@code models} within every model restriction, or without a plan the intersection of
 *       the restrictions (set semantics; no whitelist when neither came);
 *   <li>group, unlimited quota and expiry: the last value set, in the events topic's order;
 *   <li>quota: top-ups add, refunds subtract, a reset sets; an unlimited token's quota is not changed.
 * </ul>
 */
final class ReferenceModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Long, ModelToken> tokens = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    /** A token as seeded on the gateway: enabled, unrestricted, no whitelist, not unlimited, never expiring. */
    void seed(long token, long remainQuota) {
        tokens.put(token, new ModelToken(remainQuota));
    }

    /** Applies a published event; one published before (the same source and id) changes nothing. */
    void published(String cloudEvent) {
        JsonNode event = read(cloudEvent);
        if (!seen.add(event.path("source").asText() + "\n" + event.path("id").asText())) {
            return;
        }
        JsonNode data = event.path("data");
        long id = data.path("token_id").asLong();
        tokens.computeIfAbsent(id, unseeded -> new ModelToken(0))
                .apply(event.path("type").asText(), data);
    }

    /** The {@code token_id} of an event. */
    static long tokenOf(String cloudEvent) {
        return read(cloudEvent).path("data").path("token_id").asLong();
    }

    /** The CloudEvents {@code id} of an event. */
    static String idOf(String cloudEvent) {
        return read(cloudEvent).path("id").asText();
    }

    Expected expected(long token) {
        return tokens.get(token).expected();
    }

    /**
     * A token's expected end.
     *
     * @param status         1 enabled, 2 disabled
     * @param allowIps       the addresses admitted, or {@code null} for no restriction
     * @param models         the whitelisted models, or {@code null} for no whitelist
     * @param group          the group
     * @param unlimitedQuota whether the quota is unlimited
     * @param expiredTime    unix seconds, or -1
     * @param quotaChange    the top-ups less the refunds taken (what moves the funded total), since the last reset
     * @param remainQuota    the quota left when nothing was used: the seed or the last reset, plus the change
     * @param wasReset       whether a quota reset came
     */
    record Expected(
            int status,
            Set<String> allowIps,
            Set<String> models,
            String group,
            boolean unlimitedQuota,
            long expiredTime,
            long quotaChange,
            long remainQuota,
            boolean wasReset) {}

    private static JsonNode read(String cloudEvent) {
        try {
            return JSON.readTree(cloudEvent);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).forEach(values::add);
        return values;
    }

    private static Set<String> within(Set<String> list, Set<String> restriction) {
        Set<String> kept = new LinkedHashSet<>(list);
        kept.retainAll(restriction);
        return kept;
    }

    private static final class ModelToken {
        private boolean billingStop;
        private boolean heldBySecurity;
        private Set<String> allowIps;
        private Set<String> modelRestriction;
        private Set<String> planModels;
        private String group = "";
        private boolean unlimited;
        private long expiredTime = -1;
        private long base;
        private long change;
        private boolean wasReset;

        ModelToken(long remainQuota) {
            this.base = remainQuota;
        }

        void apply(String type, JsonNode data) {
            switch (type) {
                case "billing.topup" -> moveQuota(data.path("amount").asLong());
                case "billing.refund" -> moveQuota(-data.path("amount").asLong());
                case "billing.quota_reset" -> {
                    base = data.path("remain_quota").asLong();
                    change = 0;
                    wasReset = true;
                }
                case "billing.plan_changed" -> plan(data);
                case "billing.subscription_ended" -> billingStop = true;
                case "security.incident" -> incident(data);
                case "security.ip_restriction" -> narrowIps(texts(data.path("allow_ips")));
                case "security.model_restriction" -> {
                    Set<String> models = texts(data.path("models"));
                    modelRestriction = modelRestriction == null ? models : within(modelRestriction, models);
                }
                case "security.incident_resolved" -> heldBySecurity = false;
                case "token.expiry_set" ->
                    expiredTime = data.path("expired_time").asLong();
                default -> throw new IllegalArgumentException("the model does not know " + type);
            }
        }

        private void moveQuota(long amount) {
            if (!unlimited) {
                change += amount;
            }
        }

        private void plan(JsonNode data) {
            if (data.has("group")) {
                group = data.path("group").asText();
            }
            if (data.has("models")) {
                planModels = texts(data.path("models"));
            }
            if (data.has("unlimited_quota")) {
                unlimited = data.path("unlimited_quota").asBoolean();
            }
            if (data.has("expired_time")) {
                expiredTime = data.path("expired_time").asLong();
            }
        }

        private void incident(JsonNode data) {
            String severity = data.path("severity").asText();
            if (severity.equals("high") || severity.equals("critical")) {
                heldBySecurity = true;
            } else if (data.has("allow_ips")) {
                narrowIps(texts(data.path("allow_ips")));
            }
        }

        private void narrowIps(Set<String> ips) {
            allowIps = allowIps == null ? ips : within(allowIps, ips);
        }

        Expected expected() {
            Set<String> models = planModels == null
                    ? modelRestriction
                    : modelRestriction == null ? planModels : within(planModels, modelRestriction);
            return new Expected(
                    billingStop || heldBySecurity ? 2 : 1,
                    allowIps == null ? null : Set.copyOf(allowIps),
                    models == null ? null : Set.copyOf(models),
                    group,
                    unlimited,
                    expiredTime,
                    change,
                    Math.max(0, base + change),
                    wasReset);
        }
    }
}
