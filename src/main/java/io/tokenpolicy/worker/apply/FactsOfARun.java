package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.Decision;
import io.tokenpolicy.worker.policy.TokenChange;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.util.List;

/**
 * A token's {@link SecurityFacts} threaded through the events of one run as the token is: each event's decision is
 * taken with the facts the events before it left, and may change them (docs/design.md, "Security holds"). A write
 * of model_limits is kept within the models a security restriction allows; a re-enable leaves the token disabled
 * while billing or a narrowing not written yet still stops it.
 */
final class FactsOfARun {

    private final SecurityFacts stored;
    private SecurityFacts facts;
    private String changedBy;

    FactsOfARun(SecurityFacts stored) {
        this.stored = stored;
        this.facts = stored;
    }

    void restart() {
        facts = stored;
        changedBy = null;
    }

    SecurityFacts now() {
        return facts;
    }

    SecurityFacts stored() {
        return stored;
    }

    /**
     * The run's first event that changed the facts, whose outcome carries them; null when none did. Each record's
     * outcome commits with its own offset, so an event after it in the run may be committed later, or not before a
     * crash, and be delivered again; one before it may not: its outcome would count it done without its facts (a
     * model restriction taken for a duplicate and missing from the facts restored).
     */
    String changedBy() {
        return changedBy;
    }

    /**
     * {@code decision} of {@code change} for the token {@code before}, with the facts applied, and the facts it
     * leaves. {@code narrowingWaits}: whether {@code before} has fields that the run cannot write (only its status).
     */
    Decision.Apply decide(
            String eventKey, TokenChange change, TokenState before, Decision.Apply decision, boolean narrowingWaits) {
        SecurityFacts next = facts.withModelRestrictions(change.modelRestrictions(facts.modelRestrictions()));
        Decision.Apply result = modelsWithinCap(next, change, before, decision);
        TokenState after = result.after();
        boolean held = change.heldBySecurity(facts.held(), before, after);
        if (!held && facts.stoppedByTheWorker() && after.status() == TokenStatus.DISABLED) {
            held = change.disablesForSecurity();
        }
        // a narrowing that leaves nothing (no address) stops the token for good: no stop of the worker's remains
        boolean leftNothing = change.narrowsAccess()
                && after.status() == TokenStatus.DISABLED
                && !change.heldBySecurity(true, before, after);
        next = leftNothing
                ? next.withHeld(false).withPendingStop(false).withNoModelLeft(false)
                : next.withHeld(held).withNoModelLeft(noModelLeft(next, before, after));
        if (change.disablesForAnotherReason() && after.status() == TokenStatus.DISABLED) {
            next = next.withBillingStop(facts.stoppedByTheWorker());
        }
        if (next.noModelLeft() && after.status() == TokenStatus.ENABLED) {
            result = new Decision.Apply(
                    after.withStatus(TokenStatus.DISABLED),
                    result.reason() + "; token kept disabled: its model_limits admit none of the models the security"
                            + " restrictions admit");
        } else if (liftsHold(before, after) && (facts.billingStop() || narrowingWaits)) {
            result = new Decision.Apply(after.withStatus(TokenStatus.DISABLED), leftDisabled());
            next = next.withPendingStop(facts.pendingStop() || narrowingWaits).withHeld(false);
        } else if (!leftNothing && liftsNoModelLeft(next) && reEnables(next, after)) {
            result = new Decision.Apply(
                    after.withStatus(TokenStatus.ENABLED),
                    result.reason() + "; its model_limits admit a model the security restrictions admit again: token"
                            + " re-enabled");
        }
        note(eventKey, next);
        return result;
    }

    /** Whether a write of model_limits left the token a model the restrictions admit, which was its stop. */
    private boolean liftsNoModelLeft(SecurityFacts next) {
        return facts.noModelLeft() && !facts.billingStop() && !next.noModelLeft();
    }

    /** Whether, once the facts are {@code next}, a token left {@code after} is stopped by nothing else. */
    private static boolean reEnables(SecurityFacts next, TokenState after) {
        return after.status() == TokenStatus.DISABLED && !next.stoppedByTheWorker() && !next.billingStop();
    }

    /**
     * Whether the token's models admit none of the restrictions' once it is {@code after}: kept as a stop when the
     * token was the worker's to stop (running, stopped by the gateway or by the worker), not when another disabled it.
     */
    private boolean noModelLeft(SecurityFacts next, TokenState before, TokenState after) {
        boolean ours = facts.noModelLeft() || facts.stoppedByTheWorker() || before.status() != TokenStatus.DISABLED;
        return ours && next.capped(after.modelLimits()).nothingLeft();
    }

    /** A narrowing that could not be written disabled an enabled token: its write will re-enable it. */
    void pendingStopBy(String eventKey) {
        note(eventKey, facts.withPendingStop(true));
    }

    /**
     * The facts once the run's write is made: with its fields written, nothing waits any more; with only its status,
     * the fields {@code wanted} that {@code written} lacks wait for the next full write.
     */
    void written(String eventKey, TokenState written, TokenState wanted, boolean fieldsWritten) {
        SecurityFacts next = facts.withPending(written, wanted);
        if (fieldsWritten) {
            next = next.withPendingStop(false);
        }
        note(eventKey, next);
    }

    /** Whether the write of a run that carries its pending narrowing re-enables the token: nothing else stops it. */
    boolean reEnablesOnWrite(TokenState last) {
        return facts.pendingStop()
                && !facts.held()
                && !facts.noModelLeft()
                && !facts.billingStop()
                && last.status() == TokenStatus.DISABLED;
    }

    /**
     * {@code decision} with a write of model_limits kept within the restrictions; one they leave nothing of disables
     * an enabled token and leaves a stopped one (expired, exhausted) as it is, as a restriction made after it would.
     */
    private static Decision.Apply modelsWithinCap(
            SecurityFacts next, TokenChange change, TokenState before, Decision.Apply decision) {
        TokenState after = decision.after();
        SecurityFacts.Capped capped = next.capped(after.modelLimits());
        boolean stopped = before.status() == TokenStatus.EXPIRED || before.status() == TokenStatus.EXHAUSTED;
        boolean byModels = !after.modelLimits().equals(before.modelLimits())
                || change.modelRestrictions(List.of()).size() > 0;
        if (capped.nothingLeft() && stopped && byModels && after.status() == TokenStatus.DISABLED) {
            return new Decision.Apply(after.withStatus(before.status()), decision.reason() + "; token left stopped");
        }
        if (after.modelLimits().equals(before.modelLimits()) || capped.models().equals(after.modelLimits())) {
            return decision;
        }
        return new Decision.Apply(
                after.withModelLimits(capped.models()),
                decision.reason() + ", within the models the security restrictions admit ("
                        + capped.models().models() + ")");
    }

    private boolean liftsHold(TokenState before, TokenState after) {
        return facts.held() && before.status() == TokenStatus.DISABLED && after.status() == TokenStatus.ENABLED;
    }

    private String leftDisabled() {
        if (facts.billingStop()) {
            return "security hold lifted; token left disabled: billing stopped it too (re-enable it in the gateway by"
                    + " hand if it should run)";
        }
        return "security hold lifted; token left disabled until its narrowing, which could not be written yet, is"
                + " written with its next full write";
    }

    private void note(String eventKey, SecurityFacts changed) {
        SecurityFacts next = changed.settled();
        if (!next.equals(facts)) {
            facts = next;
            if (changedBy == null) {
                changedBy = eventKey;
            }
        }
    }
}
