package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.PolicyView;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenPolicy;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the waiting events of one token, in order, with as few gateway calls as the
 * gateway allows: one GET, then one write of the combined result (a full PUT, plus a
 * status-only PUT when the status changes). Each event still gets its own outcome, with
 * the changes it made to the state the events before it left.
 *
 * <p>A quota delta is written exactly once: its intent is made durable before the write,
 * an intent left by a crash is settled by the token's funded total, and usage that the
 * absolute PUT overwrote is taken back. A token whose last write is in doubt (timed out, cut off) is neither read
 * nor written again until that write has settled ({@link WritesInDoubt}). Gateway failures end as outcomes too: REJECTED
 * when permanent, FAILED when the retry budget for a transient one was spent. When the token's
 * fields cannot be written (its quota is negative, or the gateway refuses the full PUT), only its
 * status is: a narrowing waits for the next full write (an enabled token is disabled until then), other field
 * changes are REJECTED saying why. A token's {@link SecurityFacts} are read before deciding and kept with the run's
 * first event that changed them; its {@link PolicyView} is kept with the run's first applied event once the run is
 * written.
 *
 * <p>A {@linkplain #planning planning} applier reads and decides the same way, but writes
 * nothing and records no intent: the events that would change the token end PLANNED.
 */
public final class TokenEventApplier {

    private static final Logger log = LoggerFactory.getLogger(TokenEventApplier.class);

    private final TokenGateway gateway;
    private final TokenPolicy policy;
    private final TokenWriter writer;
    private final FundedTotalCorrection correction;
    private final GatewayRetry retry;
    private final Clock clock;
    private final boolean planOnly;
    private final Consumer<String> gatewayDiffered;
    private final WritesInDoubt writesInDoubt;

    /** How the reason of an event begins whose write the gateway answered with what the worker cannot accept. */
    static final String UNACCEPTABLE_ANSWER = "gateway answer not accepted: ";

    TokenEventApplier(TokenGateway gateway, TokenPolicy policy, GatewayRetry retry, Clock clock) {
        this(gateway, policy, retry, clock, false, field -> {});
    }

    /** An applier that tells {@code gatewayDiffered} the field of each difference between a write's answer and its intent. */
    TokenEventApplier(
            TokenGateway gateway,
            TokenPolicy policy,
            GatewayRetry retry,
            Clock clock,
            Consumer<String> gatewayDiffered) {
        this(gateway, policy, retry, clock, false, gatewayDiffered);
    }

    private TokenEventApplier(
            TokenGateway gateway,
            TokenPolicy policy,
            GatewayRetry retry,
            Clock clock,
            boolean planOnly,
            Consumer<String> gatewayDiffered) {
        this.planOnly = planOnly;
        this.gatewayDiffered = gatewayDiffered;
        this.writesInDoubt = new WritesInDoubt(retry.writeSettleTime());
        this.gateway = writesInDoubt.watching(gateway);
        this.policy = policy;
        this.writer = new TokenWriter(this.gateway);
        this.correction = new FundedTotalCorrection(this.gateway, writer);
        this.retry = retry;
        this.clock = clock;
    }

    /** An applier that only reads tokens: its outcomes say what would be written, and nothing is. */
    static TokenEventApplier planning(TokenGateway gateway, TokenPolicy policy, GatewayRetry retry, Clock clock) {
        return new TokenEventApplier(gateway, policy, retry, clock, true, field -> {});
    }

    public Outcome apply(TokenEvent event, Instant receivedAt) {
        return applyAll(List.of(event), receivedAt, IntentLog.NONE, SecurityHolds.NONE, new HandOver())
                .get(0);
    }

    /**
     * Returns once none of this applier's writes is in doubt, or at the {@code deadline} ({@link System#nanoTime()}):
     * what a hand-over waits for before it lets go of its partitions ({@link WritesInDoubt#awaitAllSettled}).
     */
    public void awaitWritesSettled(long deadline) {
        writesInDoubt.awaitAllSettled(deadline);
    }

    /**
     * Outcomes for events of one token, in their order; events of another user than the first are applied
     * separately. Throws {@link WorkHandedOver} when the hand-over came before the retries were done.
     */
    public List<Outcome> applyAll(
            List<TokenEvent> events, Instant receivedAt, IntentLog intents, SecurityHolds holds, HandOver handOver) {
        return applyAll(events, receivedAt, intents, holds, handOver, () -> false);
    }

    /** As above, for a batch whose calls go in the security lane while {@code securityWaiting} says so ({@link BatchLane}). */
    public List<Outcome> applyAll(
            List<TokenEvent> events,
            Instant receivedAt,
            IntentLog intents,
            SecurityHolds holds,
            HandOver handOver,
            BooleanSupplier securityWaiting) {
        return applyAll(events, receivedAt, intents, holds, PolicyViews.NONE, handOver, securityWaiting);
    }

    /** As above, keeping the policy's view of each token written in {@code views}. */
    public List<Outcome> applyAll(
            List<TokenEvent> events,
            Instant receivedAt,
            IntentLog intents,
            SecurityHolds holds,
            PolicyViews views,
            HandOver handOver,
            BooleanSupplier securityWaiting) {
        BatchLane lane = new BatchLane(Lane.of(events), securityWaiting);
        List<Outcome> outcomes = new ArrayList<>(events.size());
        int start = 0;
        while (start < events.size()) {
            long userId = events.get(start).envelope().userId();
            int end = start;
            while (end < events.size() && events.get(end).envelope().userId() == userId) {
                end++;
            }
            outcomes.addAll(applyRun(
                    events.subList(start, end),
                    receivedAt,
                    planOnly ? IntentLog.NONE : intents,
                    holds,
                    views,
                    handOver,
                    lane));
            start = end;
        }
        return outcomes;
    }

    private List<Outcome> applyRun(
            List<TokenEvent> events,
            Instant receivedAt,
            IntentLog intents,
            SecurityHolds holds,
            PolicyViews views,
            HandOver handOver,
            BatchLane lane) {
        long userId = events.get(0).envelope().userId();
        CoalescedRun run = new CoalescedRun(events, receivedAt, clock);
        GatewayCalls calls = retry.begin(lane, handOver);
        boolean heldBeforeDisable = false;
        if (!gateway.canActFor(userId)) {
            return run.rejectAll("no gateway credentials configured for user_id " + userId, calls);
        }
        try {
            long tokenId = events.get(0).envelope().tokenId();
            writesInDoubt.awaitSettled(tokenId, handOver, retry.callTimeout());
            StoredToken stored = calls.call(() -> gateway.read(userId, tokenId));
            PreviousAttempt previous = PreviousAttempt.settle(
                    PreviousAttempt.toTell(intents.open(stored.state().id()), lane.own()), stored, intents);
            GatewayDiffers differs = new GatewayDiffers();
            if (previous.newestLanded() != null) {
                stored = correction.correct(
                        calls, stored, previous.newestLanded().fundedAfterOverwrittenUsage(stored), differs);
            }
            SecurityFacts facts = holds.facts(userId, stored.state().id());
            run.decide(policy, stored.state(), previous, facts);
            TokenWriter.unwritable(stored.state(), run.finalState()).ifPresent(run::decideStatusOnly);
            if (planOnly) {
                return run.planned(calls, PlannedWrites.of(stored, run.written(), retry));
            }
            heldBeforeDisable = holdBeforeDisable(calls, run, stored, facts, intents);
            write(calls, run, stored, intents, differs, lane.own());
            if (!run.facts().equals(facts)) {
                holds.record(userId, stored.state().id(), run.facts(), run.factsChangedBy());
            }
            PolicyView viewBefore = views.view(userId, stored.state().id());
            PolicyView view = run.view(viewBefore, stored, previous.newestLanded() != null);
            if (!view.equals(viewBefore)) {
                views.record(userId, stored.state().id(), view, run.viewCarriedBy());
            }
            differs.all().forEach(difference -> gatewayDiffered.accept(difference.field()));
            return run.outcomes(calls, differs.all());
        } catch (PermanentGatewayException refused) {
            undoHoldIfRecordedBefore(heldBeforeDisable, events, run, holds);
            endHoldIfANarrowingFailed(events, holds);
            return run.failWrites(Result.REJECTED, Outcome.REFUSED_BY_GATEWAY + refused.getMessage(), calls);
        } catch (TransientGatewayException unavailable) {
            undoHoldIfRecordedBefore(heldBeforeDisable, events, run, holds);
            endHoldIfANarrowingFailed(events, holds);
            String attempts =
                    calls.attempts() + " attempts in " + calls.elapsed().toMillis() + " ms";
            return run.failWrites(
                    Result.FAILED,
                    (unavailable.kind() == TransientGatewayException.Kind.REFUSED
                                    ? "gateway refused " + attempts + ", for a reason that may pass: "
                                    : "gateway unavailable after " + attempts + ": ")
                            + unavailable.getMessage(),
                    calls);
        } catch (UnacceptableAnswerException unacceptable) {
            undoHoldIfRecordedBefore(heldBeforeDisable, events, run, holds);
            endHoldIfANarrowingFailed(events, holds);
            return run.failWrites(Result.FAILED, UNACCEPTABLE_ANSWER + unacceptable.getMessage(), calls);
        } finally {
            calls.done();
        }
    }

    /**
     * When the run's write disables a token that a security event's disable now holds, the hold is made durable
     * before the write ({@link IntentLog#recordHold}); {@code true} when it was. A crash or hand-over after the
     * write landed then leaves the token held, and the incident, delivered again, finds it disabled by its own hold.
     */
    private static boolean holdBeforeDisable(
            GatewayCalls calls, CoalescedRun run, StoredToken stored, SecurityFacts facts, IntentLog intents) {
        boolean disables =
                stored.state().status() != TokenStatus.DISABLED && run.written().status() == TokenStatus.DISABLED;
        if (!disables || facts.held() || !run.facts().held()) {
            return false;
        }
        calls.requireTimeForAWrite();
        intents.recordHold(stored.userId(), stored.state().id(), facts.withHeld(true));
        return true;
    }

    /**
     * A run whose hold was recorded before its disabling write, and that ended without effect: the facts it found
     * are kept again with the event that changed them, so that a restore does not read the hold of a disable that
     * was reported as not made.
     */
    private static void undoHoldIfRecordedBefore(
            boolean heldBeforeDisable, List<TokenEvent> events, CoalescedRun run, SecurityHolds holds) {
        if (heldBeforeDisable) {
            EventEnvelope first = events.get(0).envelope();
            holds.record(
                    first.userId(),
                    first.tokenId(),
                    holds.facts(first.userId(), first.tokenId()),
                    run.factsChangedBy());
        }
    }

    /**
     * A narrowing (allow_ips, models) that did not land on a token a security event holds disabled ends the hold,
     * with that event: resolving the incident before the narrowing is replayed would otherwise re-enable the token
     * with the wider fields it was meant to lose. The token stays disabled until an operator re-enables it.
     */
    private void endHoldIfANarrowingFailed(List<TokenEvent> events, SecurityHolds holds) {
        EventEnvelope first = events.get(0).envelope();
        SecurityFacts facts = holds.facts(first.userId(), first.tokenId());
        if (!facts.held()) {
            return;
        }
        Instant now = clock.instant();
        events.stream()
                .filter(event -> policy.changeFor(event, now).narrowsAccess())
                .reduce((earlier, later) -> later)
                .ifPresent(narrowing -> holds.record(
                        first.userId(),
                        first.tokenId(),
                        facts.withHeld(false),
                        narrowing.envelope().idempotencyKey()));
    }

    /**
     * Whether a write may record its guard intent: always in the billing lane; in the security
     * lane only when no intent of the token stays open after its settling. The lane leaves open an intent whose write
     * made the token limited, for the billing batch that delivers its events again ({@link PreviousAttempt#toTell});
     * a guard recorded beside it would be the newest when that batch comes, and what the first write overwrote would
     * not be taken back, since only the newest intent's is.
     */
    private static boolean noIntentLeftOpen(IntentLog intents, Lane lane, TokenState token) {
        return lane == Lane.BILLING || intents.open(token.id()).isEmpty();
    }

    /**
     * An intent that {@linkplain Intent#guardsUsageOnly only guards usage}: a ledger that cannot take it does not keep
     * the write (a narrowing, an expiry) from going out. Should the worker then crash before the answer, the token
     * keeps the usage the write overwrote, as the warning says.
     */
    private static void recordGuardOfUsage(IntentLog intents, Intent intent) {
        try {
            intents.record(intent);
        } catch (IllegalStateException ledgerDown) {
            log.warn(
                    "token {} is written without the intent that would take back the usage its write overwrites,"
                            + " should the worker crash before the answer: {}",
                    intent.tokenId(),
                    ledgerDown.getMessage());
        }
    }

    private void write(
            GatewayCalls calls,
            CoalescedRun run,
            StoredToken stored,
            IntentLog intents,
            GatewayDiffers differs,
            Lane lane) {
        TokenState desired = run.written();
        if (desired.equals(stored.state())) {
            return;
        }
        StoredToken from =
                run.switchesOnThroughDisabled(clock.instant()) ? writer.switchOff(calls, stored, differs) : stored;
        long delta = desired.remainQuota() - stored.state().remainQuota();
        Intent intent = Intent.of(
                        desired.id(),
                        run.quotaWritingEventIds(),
                        run.quotaWritingEventTypes(),
                        stored.fundedTotal(),
                        delta)
                .withUsedBefore(stored.usedQuota())
                .withUnlimitedWrite(
                        Intent.UnlimitedWrite.of(stored.state().unlimitedQuota(), desired.unlimitedQuota()),
                        run.unlimitedChangedBy());
        if (!TokenWriter.sameFields(stored.state(), desired)
                && (!intent.guardsUsageOnly() || noIntentLeftOpen(intents, lane, desired))) {
            // every full PUT, whether it moves the quota or not: each writes an absolute quota over the usage since its
            // read, and one that landed before a crash leaves the next batch its intent to take that back by
            calls.requireTimeForAWrite();
            if (intent.guardsUsageOnly()) {
                recordGuardOfUsage(intents, intent);
            } else {
                intents.record(intent);
            }
        }
        StoredToken written;
        try {
            written = writer.write(calls, from, stored.state(), desired, differs);
        } catch (FieldsRefused refused) {
            run.decideStatusOnly(refused.getMessage());
            // only the status is left to write, from the token as the refusal left it (read again after a refusal
            // that may pass): the fields of the first read are not written over it
            StoredToken token = refused.token();
            writer.write(
                    calls,
                    token,
                    token.state(),
                    token.state().withStatus(run.written().status()),
                    differs);
            return;
        }
        // every full PUT writes an absolute quota, so usage landing between the GET and the PUT is overwritten
        // whether or not the batch moves the quota: the funded total tells, and the excess is taken back
        correction.correct(calls, written, stored.fundedTotal() + delta, differs);
    }
}
