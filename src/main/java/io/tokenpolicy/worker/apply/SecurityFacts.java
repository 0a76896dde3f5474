package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.TokenState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the worker knows of one token's security that the gateway cannot store (docs/design.md, "Security holds"),
 * kept on the ledger with the outcome of the event that changed it.
 *
 * @param held the security hold: a security event disabled the token, and its resolution may re-enable it
 * @param billingStop billing (or an operator's rule) disabled it too while the hold or the pending narrowing kept
 *     it disabled: neither the resolution nor the narrowing's write re-enables it
 * @param pendingStop a narrowing that could not be written disabled it: the write that carries the narrowing
 *     re-enables it, unless the hold or a billing stop remains
 * @param pendingIps the allow_ips the token should have and does not yet, when a narrowing could not be written
 * @param pendingModels the model_limits the token should have and does not yet, likewise
 * @param noModelLeft the token's model_limits admit none of the models the restrictions admit: it is kept off (an
 *     enabled one disabled, an expired or exhausted one not switched on) until a write of model_limits leaves it
 *     some, which re-enables it if nothing else stops it
 * @param modelRestrictions the models of each security model restriction, oldest first: a write of model_limits
 *     writes only the models all of them admit (the cap)
 */
public record SecurityFacts(
        boolean held,
        boolean billingStop,
        boolean pendingStop,
        Optional<AllowIps> pendingIps,
        Optional<ModelLimits> pendingModels,
        boolean noModelLeft,
        List<List<String>> modelRestrictions) {

    /** Nothing known: the token is no business of the security lane's. */
    public static final SecurityFacts NONE =
            new SecurityFacts(false, false, false, Optional.empty(), Optional.empty(), false, List.of());

    public SecurityFacts {
        Objects.requireNonNull(pendingIps, "pendingIps");
        Objects.requireNonNull(pendingModels, "pendingModels");
        modelRestrictions = modelRestrictions.stream().map(List::copyOf).toList();
    }

    /** A token on a security hold and nothing else. */
    public static SecurityFacts heldOnly() {
        return NONE.withHeld(true);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Whether a narrowing waits to be written. */
    public boolean pending() {
        return pendingIps.isPresent() || pendingModels.isPresent();
    }

    /** {@code token} with the narrowings that wait to be written, as it should be. */
    public TokenState withPending(TokenState token) {
        return token.withAllowIps(pendingIps.orElse(token.allowIps()))
                .withModelLimits(pendingModels.orElse(token.modelLimits()));
    }

    /**
     * {@code models}, written by a plan or a rule, within the cap: narrowed by each restriction in turn, as if the
     * restrictions came after the write (the models both admit, in {@code models}' order). Empty when a restriction
     * leaves nothing, as it would have disabled the token: then {@code models} narrowed by the restrictions before it.
     */
    public Capped capped(ModelLimits models) {
        ModelLimits narrowed = models;
        boolean nothingLeft = false;
        for (List<String> restriction : modelRestrictions) {
            Optional<ModelLimits> next = narrowed.narrow(restriction);
            if (next.isPresent()) {
                narrowed = next.get();
            } else {
                nothingLeft = true;
            }
        }
        return new Capped(narrowed, nothingLeft);
    }

    /** A write of model_limits within the cap: the models to write, and whether a restriction left none. */
    public record Capped(ModelLimits models, boolean nothingLeft) {}

    public SecurityFacts withHeld(boolean isHeld) {
        return new SecurityFacts(
                isHeld, billingStop, pendingStop, pendingIps, pendingModels, noModelLeft, modelRestrictions);
    }

    public SecurityFacts withBillingStop(boolean stop) {
        return new SecurityFacts(held, stop, pendingStop, pendingIps, pendingModels, noModelLeft, modelRestrictions);
    }

    public SecurityFacts withPendingStop(boolean stop) {
        return new SecurityFacts(held, billingStop, stop, pendingIps, pendingModels, noModelLeft, modelRestrictions);
    }

    /** The fields of {@code wanted} that {@code written} does not have, as pending; none when they are the same. */
    public SecurityFacts withPending(TokenState written, TokenState wanted) {
        return new SecurityFacts(
                held,
                billingStop,
                pendingStop,
                Optional.of(wanted.allowIps()).filter(ips -> !ips.equals(written.allowIps())),
                Optional.of(wanted.modelLimits()).filter(models -> !models.equals(written.modelLimits())),
                noModelLeft,
                modelRestrictions);
    }

    public SecurityFacts withNoModelLeft(boolean none) {
        return new SecurityFacts(held, billingStop, pendingStop, pendingIps, pendingModels, none, modelRestrictions);
    }

    /** These facts with a billing stop dropped once none of the worker's own stops keeps the token off. */
    public SecurityFacts settled() {
        return withBillingStop(billingStop && stoppedByTheWorker());
    }

    /** Whether one of the worker's own stops keeps the token off: its hold, a pending narrowing, no model left. */
    public boolean stoppedByTheWorker() {
        return held || pendingStop || noModelLeft;
    }

    public SecurityFacts withModelRestrictions(List<List<String>> restrictions) {
        return new SecurityFacts(held, billingStop, pendingStop, pendingIps, pendingModels, noModelLeft, restrictions);
    }
}
