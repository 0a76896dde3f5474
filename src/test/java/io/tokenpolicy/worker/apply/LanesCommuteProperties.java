package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.LaneEvents.LaneEvent;
import io.tokenpolicy.worker.apply.LaneEvents.Start;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 17's third promise: a token's billing and security events, applied by the real applier in any order that
 * keeps each lane's own order, end in the same gateway token and the same security facts (what they mean for the
 * events to come: {@link Ending}) as the order they were published in.
 *
 * <p>Batches are drawn as the executor makes them, of one lane each, and both orders apply the <em>same</em> batches:
 * a lane is cut into batches once per try, and only the interleaving of the two lanes' batches differs. What this
 * leaves out, on purpose, is a different cut of one lane, which is not a question of lane order: a batch is judged on
 * the state its one write leaves, as documented (docs/design.md, "Tokens whose stored fields the gateway will not
 * take back"): top-ups that together lift a negative quota are added in one batch and REJECTED apart (to be replayed),
 * and a batch's re-enable of a stopped token is decided on its last state (RefusedReEnableOfABatchTest). No class of
 * events, start token or lane order is left out.
 */
class LanesCommuteProperties {

    private static final int BILLING_EVENTS = 6;
    private static final int SECURITY_EVENTS = 4;
    private static final int MAX_EVENTS = BILLING_EVENTS + SECURITY_EVENTS;

    @Property(tries = 2_000)
    void everyInterleavingOfTheLanesEndsAsThePublishOrder(
            @ForAll("starts") Start start,
            @ForAll("billingLane") List<LaneEvent> billing,
            @ForAll("securityLane") List<LaneEvent> security,
            @ForAll("cuts") Cuts cuts,
            @ForAll("orders") List<Boolean> published,
            @ForAll("orders") List<Boolean> interleaved) {
        // each lane holds only its own events, also in the samples jqwik tries while shrinking
        Assume.that(billing.stream().noneMatch(LaneEvent::security));
        Assume.that(security.stream().allMatch(LaneEvent::security));
        List<List<TokenEvent>> billingBatches = Cuts.batches(withIds("b", billing), cuts.billing());
        List<List<TokenEvent>> securityBatches = Cuts.batches(withIds("s", security), cuts.security());
        List<List<TokenEvent>> publishOrder = merge(billingBatches, securityBatches, published);
        List<List<TokenEvent>> otherOrder = merge(billingBatches, securityBatches, interleaved);

        Ending expected = applyInBatches(start, publishOrder);
        Ending actual = applyInBatches(start, otherOrder);

        assertThat(actual)
                .as("published %s, interleaved %s", describe(publishOrder), describe(otherOrder))
                .isEqualTo(expected);
    }

    /** The token on the gateway and its hold once every batch has been applied, each as its own run. */
    /**
     * The token on the gateway and what its security facts mean for the events to come: whether a resolution or the
     * write of a pending narrowing would re-enable it (a billing stop means neither does, whether it is kept or the
     * token was never held), the narrowings waiting and the model restrictions.
     */
    record Ending(
            TokenState token,
            boolean resolutionReEnables,
            boolean pendingWriteReEnables,
            Optional<AllowIps> pendingIps,
            Optional<ModelLimits> pendingModels,
            boolean noModelLeft,
            List<List<String>> modelRestrictions) {

        static Ending of(TokenState token, SecurityFacts facts) {
            return new Ending(
                    token,
                    facts.held() && !facts.billingStop(),
                    facts.pendingStop() && !facts.billingStop(),
                    facts.pendingIps(),
                    facts.pendingModels(),
                    facts.noModelLeft() && !facts.billingStop(),
                    facts.modelRestrictions());
        }
    }

    /**
     * Where each lane's events are cut into batches: a batch ends after its lane's i-th event when {@code
     * billing[i]} (or {@code security[i]}) is true. A batch is one lane's, as the executor makes them.
     */
    record Cuts(List<Boolean> billing, List<Boolean> security) {

        static List<List<TokenEvent>> batches(List<TokenEvent> events, List<Boolean> cutAfter) {
            List<List<TokenEvent>> batches = new ArrayList<>();
            List<TokenEvent> batch = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                batch.add(events.get(i));
                if (i < cutAfter.size() && cutAfter.get(i)) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
            return batches;
        }
    }

    /**
     * The two lanes' batches merged in an order that keeps each lane's: at the i-th step where both lanes have
     * batches left, billing's goes first when {@code billingFirst[i]} (true past the list's end).
     */
    private static List<List<TokenEvent>> merge(
            List<List<TokenEvent>> billing, List<List<TokenEvent>> security, List<Boolean> billingFirst) {
        List<List<TokenEvent>> merged = new ArrayList<>();
        int b = 0;
        int s = 0;
        for (int i = 0; b < billing.size() || s < security.size(); i++) {
            boolean takeBilling =
                    s == security.size() || (b < billing.size() && (i >= billingFirst.size() || billingFirst.get(i)));
            merged.add(takeBilling ? billing.get(b++) : security.get(s++));
        }
        return merged;
    }

    private static Ending applyInBatches(Start start, List<List<TokenEvent>> batches) {
        FakeTokenGateway gateway = new FakeTokenGateway().with(start.token());
        LedgerLikeHolds holds = new LedgerLikeHolds(FakeTokenGateway.USER_ID)
                .with(LaneEvents.TOKEN_ID, start.held() ? SecurityFacts.heldOnly() : SecurityFacts.NONE);
        TokenEventApplier applier = CatalogueTableTest.applier(gateway);
        for (List<TokenEvent> batch : batches) {
            applier.applyAll(batch, LaneEvents.NOW, IntentLog.NONE, holds, new HandOver());
        }
        return Ending.of(
                gateway.token(LaneEvents.TOKEN_ID), holds.facts(FakeTokenGateway.USER_ID, LaneEvents.TOKEN_ID));
    }

    private static List<TokenEvent> withIds(String lane, List<LaneEvent> events) {
        List<TokenEvent> withIds = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            LaneEvent event = events.get(i);
            EventEnvelope envelope = new EventEnvelope(
                    "/" + lane, lane + i, event.type(), LaneEvents.NOW, LaneEvents.TOKEN_ID, FakeTokenGateway.USER_ID);
            withIds.add(new TokenEvent(envelope, new EventData(event.data())));
        }
        return withIds;
    }

    private static String describe(List<List<TokenEvent>> batches) {
        return batches.stream()
                .map(batch ->
                        batch.stream().map(event -> event.envelope().id()).collect(Collectors.joining(" ", "[", "]")))
                .collect(Collectors.joining(" "));
    }

    @Provide
    Arbitrary<Start> starts() {
        return LaneEvents.starts();
    }

    @Provide
    Arbitrary<List<LaneEvent>> billingLane() {
        return LaneEvents.billing().list().ofMaxSize(BILLING_EVENTS);
    }

    @Provide
    Arbitrary<List<LaneEvent>> securityLane() {
        return LaneEvents.security().list().ofMaxSize(SECURITY_EVENTS);
    }

    @Provide
    Arbitrary<Cuts> cuts() {
        Arbitrary<List<Boolean>> cutAfter = Arbitraries.of(false, true).list().ofMaxSize(BILLING_EVENTS);
        return Combinators.combine(cutAfter, cutAfter).as(Cuts::new);
    }

    @Provide
    Arbitrary<List<Boolean>> orders() {
        return Arbitraries.of(true, false).list().ofMaxSize(MAX_EVENTS);
    }
}
