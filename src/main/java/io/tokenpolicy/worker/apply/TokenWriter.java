package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Brings a token from its stored state to the desired one in the calls the gateway needs:
 * the full PUT ignores {@code status}, so a status change is a status-only PUT of its own.
 * Switching a token on comes last, after the quota that its guard checks has been raised;
 * switching it off comes first, so that a security change takes effect as early as possible.
 * A full PUT the gateway refuses for good ends in {@link FieldsRefused}, with the token as it then is. Every answer is
 * compared with what was intended ({@link GatewayDiffers}): a status-only disable the gateway answers otherwise is
 * made good by reading the token again, and fails ({@link UnacceptableAnswerException}) unless that shows it disabled.
 */
final class TokenWriter {

    private final TokenGateway gateway;

    TokenWriter(TokenGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Writes {@code desired} over {@code stored}, the token as it now stands; the full PUT only when its fields differ
     * from those of {@code decidedFrom}, the token as read when they were decided. An answer since the read shows the
     * usage since too, which is no change of the batch's: a full PUT for it would write the quota as read back over
     * that usage.
     */
    StoredToken write(
            GatewayCalls calls,
            StoredToken stored,
            TokenState decidedFrom,
            TokenState desired,
            GatewayDiffers differs) {
        TokenStatus status = desired.status();
        boolean statusChanges = stored.state().status() != status;
        StoredToken current = stored;
        if (statusChanges && status != TokenStatus.ENABLED) {
            current = changeStatus(calls, current, status, differs);
        }
        if (!sameFields(decidedFrom, desired)) {
            current = offAgainIfSwitchedOn(calls, replace(calls, current, desired, differs), status, differs);
        }
        if (statusChanges && status == TokenStatus.ENABLED) {
            current = changeStatus(calls, current, status, differs);
        }
        return current;
    }

    /**
     * Why the gateway would refuse to store {@code desired}'s fields, if it is known before asking: a full
     * PUT carries the quota, and the gateway refuses a negative one, which usage can leave behind.
     */
    static Optional<String> unwritable(TokenState stored, TokenState desired) {
        if (sameFields(stored, desired) || desired.unlimitedQuota() || desired.remainQuota() >= 0) {
            return Optional.empty();
        }
        return Optional.of(Outcome.WOULD_BE_REFUSED + "a full PUT would carry remain_quota " + desired.remainQuota()
                + " (usage settled below 0), and the gateway refuses a negative quota; writing 0 instead would grant"
                + " quota nobody paid for");
    }

    /** Whether the two differ in nothing but their status, which the full PUT does not write. */
    static boolean sameFields(TokenState current, TokenState desired) {
        return current.withStatus(desired.status()).equals(desired);
    }

    /**
     * The full PUT, its answer compared with the fields meant, and with the status: one that is neither the status
     * before nor the one the batch means to write after it (a fork that switches an exhausted token on as the quota is
     * raised does early what the batch does) is a difference. Retried after a refusal that may pass from the token
     * read again, since the PUT carries every field the worker does not change as it read them. A refusal that may
     * pass is what a concurrent write of the same row causes (a lock timeout), so the retry keeps what that read shows
     * of every field {@code desired} does not change ({@link #rebased}).
     */
    private StoredToken replace(GatewayCalls calls, StoredToken current, TokenState desired, GatewayDiffers differs) {
        AtomicReference<StoredToken> from = new AtomicReference<>(current);
        AtomicReference<TokenState> meant = new AtomicReference<>(desired);
        StoredToken written;
        try {
            written = calls.write(() -> gateway.replace(from.get(), meant.get()), () -> {
                StoredToken again =
                        gateway.read(current.userId(), current.state().id());
                from.set(again);
                meant.set(rebased(current.state(), desired, again.state()));
            });
        } catch (PermanentGatewayException refused) {
            throw new FieldsRefused(from.get(), Outcome.REFUSED_BY_GATEWAY + refused.getMessage());
        }
        differs.compareFields(meant.get(), written.state());
        TokenStatus before = from.get().state().status();
        TokenStatus answered = written.state().status();
        if (answered != before && answered != desired.status()) {
            differs.status(before.code(), answered.code());
        }
        return written;
    }

    /**
     * {@code desired}, with each field it does not change from {@code read} as {@code readAgain} shows it. The quota
     * stays as desired: it is absolute, and the funded total it was decided from is what the batch's intent and its
     * correction of overwritten usage hold to.
     */
    static TokenState rebased(TokenState read, TokenState desired, TokenState readAgain) {
        return desired.withUnlimitedQuota(
                        read.unlimitedQuota() == desired.unlimitedQuota()
                                ? readAgain.unlimitedQuota()
                                : desired.unlimitedQuota())
                .withAllowIps(read.allowIps().equals(desired.allowIps()) ? readAgain.allowIps() : desired.allowIps())
                .withExpiredTime(
                        read.expiredTime() == desired.expiredTime() ? readAgain.expiredTime() : desired.expiredTime())
                .withModelLimits(
                        read.modelLimits().equals(desired.modelLimits())
                                ? readAgain.modelLimits()
                                : desired.modelLimits())
                .withGroup(read.group().equals(desired.group()) ? readAgain.group() : desired.group());
    }

    /**
     * Some forks switch a token on when an update raises its quota (docs/operations.md, "The gateway's token API"): the full PUT's
     * answer says so. A token meant to be disabled is switched off again at once.
     */
    StoredToken offAgainIfSwitchedOn(
            GatewayCalls calls, StoredToken written, TokenStatus intended, GatewayDiffers differs) {
        if (intended == TokenStatus.DISABLED && written.state().status() != TokenStatus.DISABLED) {
            return changeStatus(calls, written, TokenStatus.DISABLED, differs);
        }
        return written;
    }

    /** The token switched off, the first write of a run that switches it on by way of a disable. */
    StoredToken switchOff(GatewayCalls calls, StoredToken stored, GatewayDiffers differs) {
        return changeStatus(calls, stored, TokenStatus.DISABLED, differs);
    }

    /**
     * A status-only PUT, its answer compared with the status meant. A disable answered with another status is read
     * again: the token as read counts, and a token still not disabled ends the batch FAILED rather than reported
     * disabled.
     */
    private StoredToken changeStatus(
            GatewayCalls calls, StoredToken current, TokenStatus status, GatewayDiffers differs) {
        StoredToken answered = calls.write(() -> gateway.changeStatus(current, status));
        TokenStatus written = answered.state().status();
        if (written == status) {
            return answered;
        }
        differs.status(status.code(), written.code());
        if (status != TokenStatus.DISABLED) {
            return answered;
        }
        StoredToken reread =
                calls.call(() -> gateway.read(current.userId(), current.state().id()));
        if (reread.state().status() != TokenStatus.DISABLED) {
            throw new UnacceptableAnswerException("the gateway answered the disable of token "
                    + current.state().id()
                    + " with status " + written.code() + ", and reading it again shows status "
                    + reread.state().status().code() + ": the token is not disabled");
        }
        return reread;
    }
}
