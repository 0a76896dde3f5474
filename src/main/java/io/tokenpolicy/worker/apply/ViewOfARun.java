package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.PolicyView;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The policy's view of a token once a run is written: the view before, with each field the run's applied events
 * changed set to what the run decided for it (a narrowing that waits to be written included), and the funded total
 * the run's quota write leaves.
 */
final class ViewOfARun {

    private ViewOfARun() {}

    /**
     * @param stored the token as read before the run's write (an earlier write found landed already corrected)
     * @param written the token as the run wrote it
     * @param facts the token's security facts once the run is written
     * @param quotaLanded whether an earlier write of the token's quota was found landed: the funded total it left is
     *     the one expected even when this run moves no quota
     */
    static PolicyView of(
            PolicyView before,
            List<RunOutcomes.Decided> decided,
            StoredToken stored,
            TokenState written,
            SecurityFacts facts,
            boolean quotaLanded) {
        List<RunOutcomes.Decided> applied =
                decided.stream().filter(d -> d.result() == Result.APPLIED).toList();
        Set<String> fields = applied.stream()
                .flatMap(d -> d.changes().stream())
                .map(FieldChange::field)
                .collect(Collectors.toSet());
        TokenState decidedState = facts.withPending(written);
        boolean securityStop = facts.stoppedByTheWorker() && written.status() == TokenStatus.DISABLED;
        PolicyView view = before;
        if (fields.contains("status") || securityStop != securityBefore(before)) {
            RunOutcomes.Decided why = lastChanging(applied, "status");
            view = view.withStatus(new PolicyView.DecidedStatus(
                    written.status(), why == null ? "security facts" : why(why), securityStop));
        }
        if (fields.contains("allow_ips")) {
            view = view.withAllowIps(decidedState.allowIps());
        }
        if (fields.contains("model_limits") || fields.contains("model_limits_enabled")) {
            view = view.withModelLimits(decidedState.modelLimits());
        }
        if (fields.contains("expired_time")) {
            view = view.withExpiredTime(written.expiredTime());
        }
        if (fields.contains("group")) {
            view = view.withGroup(written.group());
        }
        if (fields.contains("remain_quota") || fields.contains("unlimited_quota") || quotaLanded) {
            view = view.withFundedTotal(
                    written.unlimitedQuota()
                            ? OptionalLong.empty()
                            : OptionalLong.of(stored.fundedTotal()
                                    + written.remainQuota()
                                    - stored.state().remainQuota()));
        }
        return view;
    }

    /** The decision's reason, led by its event type unless the reason names it already (the catalogue's rules do). */
    private static String why(RunOutcomes.Decided decided) {
        String type = decided.event().envelope().type();
        return decided.reason().contains(type) ? decided.reason() : type + ": " + decided.reason();
    }

    private static boolean securityBefore(PolicyView before) {
        return before.status().map(PolicyView.DecidedStatus::security).orElse(false);
    }

    private static RunOutcomes.Decided lastChanging(List<RunOutcomes.Decided> applied, String field) {
        RunOutcomes.Decided last = null;
        for (RunOutcomes.Decided d : applied) {
            if (d.changes().stream().anyMatch(change -> change.field().equals(field))) {
                last = d;
            }
        }
        return last;
    }

    /**
     * The event whose outcome carries the view: the run's first applied one, else its last. Each record's outcome
     * commits with its own offset, so an applied event after it may be committed later, or delivered again after a
     * crash; one before it would count done without the view of its decisions.
     */
    static String carriedBy(List<RunOutcomes.Decided> decided) {
        return decided.stream()
                .filter(d -> d.result() == Result.APPLIED)
                .findFirst()
                .orElse(decided.get(decided.size() - 1))
                .event()
                .envelope()
                .idempotencyKey();
    }
}
