package io.tokenpolicy.worker.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * What was changed on the gateway behind the policy's back: a token compared, field by field, with the policy's view
 * of it. Only fields the policy decided are compared, and only in the direction that matters: an allow list or a model
 * whitelist narrower than decided, or an earlier expiry, is the owner's business; wider or later is drift.
 */
public final class Drift {

    private Drift() {}

    /** The differences between {@code token}, whose funded total is {@code fundedTotal}, and {@code view}. */
    public static List<DriftFinding> between(PolicyView view, TokenState token, long fundedTotal) {
        List<DriftFinding> findings = new ArrayList<>();
        view.status()
                .filter(decided -> decided.status() == TokenStatus.DISABLED && token.status() == TokenStatus.ENABLED)
                .ifPresent(decided -> findings.add(new DriftFinding(
                        DriftKind.RE_ENABLED,
                        "status",
                        decided.status().code(),
                        token.status().code(),
                        0,
                        decided.security())));
        view.allowIps()
                .filter(decided -> wider(token.allowIps(), decided))
                .ifPresent(decided -> findings.add(new DriftFinding(
                        DriftKind.ALLOW_IPS_WIDER,
                        "allow_ips",
                        decided.toGatewayText(),
                        token.allowIps().toGatewayText(),
                        0,
                        true)));
        view.modelLimits()
                .filter(decided -> wider(token.modelLimits(), decided))
                .ifPresent(decided -> findings.add(new DriftFinding(
                        DriftKind.MODELS_WIDER, "model_limits", shown(decided), shown(token.modelLimits()), 0, true)));
        view.fundedTotal().stream()
                .filter(expected -> !token.unlimitedQuota() && expected != fundedTotal)
                .forEach(expected -> findings.add(new DriftFinding(
                        DriftKind.FUNDED_TOTAL_DIFFERS,
                        "funded_total",
                        expected,
                        fundedTotal,
                        fundedTotal - expected,
                        false)));
        view.expiredTime().stream()
                .filter(decided -> later(token.expiredTime(), decided))
                .forEach(decided -> findings.add(new DriftFinding(
                        DriftKind.EXPIRY_LATER, "expired_time", decided, token.expiredTime(), 0, false)));
        view.group()
                .filter(decided -> !decided.equals(token.group()))
                .ifPresent(decided -> findings.add(
                        new DriftFinding(DriftKind.GROUP_DIFFERS, "group", decided, token.group(), 0, false)));
        return findings;
    }

    /** The finding for a token the gateway no longer has. */
    public static DriftFinding deleted(PolicyView view) {
        return new DriftFinding(
                DriftKind.TOKEN_DELETED,
                "token",
                "exists",
                null,
                0,
                view.status().map(PolicyView.DecidedStatus::security).orElse(false));
    }

    /** Whether {@code found} admits an address {@code decided} does not. */
    static boolean wider(AllowIps found, AllowIps decided) {
        if (decided.isUnrestricted()) {
            return false;
        }
        return decided.intersect(found).map(common -> !common.equals(found)).orElse(!admitsNothing(found));
    }

    private static boolean admitsNothing(AllowIps ips) {
        return !ips.isUnrestricted() && ips.entries().isEmpty();
    }

    /** Whether {@code found} admits a model {@code decided} does not. */
    static boolean wider(ModelLimits found, ModelLimits decided) {
        if (!decided.enabled()) {
            return false;
        }
        return !found.enabled() || !decided.models().containsAll(found.models());
    }

    private static boolean later(long found, long decided) {
        if (decided == TokenState.NEVER) {
            return false;
        }
        return found == TokenState.NEVER || found > decided;
    }

    private static Object shown(ModelLimits models) {
        return models.enabled() ? models.models() : "no whitelist";
    }
}
