package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import java.util.ArrayList;
import java.util.List;

/** The field-by-field difference between two states of a token, as the outcome reports it. */
final class TokenChanges {

    private TokenChanges() {}

    static List<FieldChange> between(TokenState before, TokenState after) {
        List<FieldChange> changes = new ArrayList<>();
        if (before.status() != after.status()) {
            changes.add(new FieldChange(
                    "status", before.status().code(), after.status().code()));
        }
        if (before.remainQuota() != after.remainQuota()) {
            changes.add(new FieldChange("remain_quota", before.remainQuota(), after.remainQuota()));
        }
        if (before.unlimitedQuota() != after.unlimitedQuota()) {
            changes.add(new FieldChange("unlimited_quota", before.unlimitedQuota(), after.unlimitedQuota()));
        }
        if (!before.allowIps().equals(after.allowIps())) {
            changes.add(new FieldChange(
                    "allow_ips",
                    before.allowIps().toGatewayText(),
                    after.allowIps().toGatewayText()));
        }
        if (before.expiredTime() != after.expiredTime()) {
            changes.add(new FieldChange("expired_time", before.expiredTime(), after.expiredTime()));
        }
        if (before.modelLimits().enabled() != after.modelLimits().enabled()) {
            changes.add(new FieldChange(
                    "model_limits_enabled",
                    before.modelLimits().enabled(),
                    after.modelLimits().enabled()));
        }
        if (!before.modelLimits().models().equals(after.modelLimits().models())) {
            changes.add(new FieldChange(
                    "model_limits",
                    before.modelLimits().models(),
                    after.modelLimits().models()));
        }
        if (!before.group().equals(after.group())) {
            changes.add(new FieldChange("group", before.group(), after.group()));
        }
        return changes;
    }
}
