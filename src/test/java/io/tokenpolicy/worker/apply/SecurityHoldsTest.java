package io.tokenpolicy.worker.apply;

import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.RECEIVED;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.USER;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.envelope;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.event;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.incident;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.ipRestriction;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The applier reads a token's security hold before deciding and keeps each change of it with the event that made it. */
class SecurityHoldsTest {

    private final RecordingHolds holds = new RecordingHolds();
    private final FakeTokenGateway gateway = new FakeTokenGateway().with(CatalogueTableTest.enabled());

    @Test
    void criticalIncidentKeepsItsHoldWithItsOwnEvent() {
        applyAll(incident("i-1"));

        assertThat(holds.recorded).containsExactly(new Recorded(42, true, "/security i-1"));
    }

    @Test
    void factsChangedByTwoEventsOfABatchGoWithTheFirstWhoseOutcomeCommitsNoLaterThanTheSecond() {
        applyAll(SecurityEventsOfToken42.modelRestriction("m-1", "gpt-a"), incident("i-1"));

        assertThat(holds.recorded).containsExactly(new Recorded(42, true, "/security m-1"));
    }

    @Test
    void incidentResolvedReEnablesAHeldTokenAndEndsItsHold() {
        gateway.with(CatalogueTableTest.disabled());
        holds.held.add(42L);

        List<Outcome> outcomes = applyAll(event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(outcomes).singleElement().extracting(Outcome::result).isEqualTo(Result.APPLIED);
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(holds.recorded).containsExactly(new Recorded(42, false, "/security r-1"));
    }

    @Test
    void subscriptionEndedOnAHeldTokenKeepsItsHoldAndAddsABillingStopSoTheResolutionLeavesItDisabled() {
        gateway.with(CatalogueTableTest.disabled());
        LedgerLikeHolds ledger = new LedgerLikeHolds(USER).with(42, SecurityFacts.heldOnly());

        List<Outcome> ended = applyAll(ledger, event("s-1", Catalogue.SUBSCRIPTION_ENDED));
        SecurityFacts afterBilling = ledger.facts(USER, 42);
        List<Outcome> resolved = applyAll(ledger, event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(ended).singleElement().extracting(Outcome::result).isEqualTo(Result.NO_CHANGE);
        assertThat(afterBilling.held())
                .as("billing never lifts a security hold")
                .isTrue();
        assertThat(afterBilling.billingStop()).isTrue();
        assertThat(resolved.get(0).reason()).contains("billing stopped it too");
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(ledger.facts(USER, 42)).isEqualTo(SecurityFacts.NONE);
    }

    @Test
    void incidentResolvedInTheSameBatchAsItsIncidentLeavesNoHold() {
        applyAll(incident("i-1"), event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(holds.recorded).isEmpty();
    }

    @Test
    void narrowingThatCannotBeWrittenOnAHeldTokenWaitsSoTheResolutionDoesNotReopenItWide() {
        gateway.with(CatalogueTableTest.disabled().withRemainQuota(-300));
        LedgerLikeHolds ledger = new LedgerLikeHolds(USER).with(42, SecurityFacts.heldOnly());

        List<Outcome> narrowing = applyAll(ledger, ipRestriction("ip-1", "10.0.0.0/8"));
        List<Outcome> resolution = applyAll(ledger, event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(narrowing.get(0).reason()).contains("allow_ips could not be narrowed");
        assertThat(resolution.get(0).reason()).contains("left disabled until its narrowing");
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(gateway.token(42).allowIps().isUnrestricted()).isTrue();
        assertThat(ledger.facts(USER, 42).held()).isFalse();
        assertThat(ledger.facts(USER, 42).pendingStop()).isTrue();
    }

    @Test
    void narrowingThatCannotBeWrittenIsWrittenByTheNextTopUpThatReEnablesTheTokenItAloneStopped() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(-300));
        LedgerLikeHolds ledger = new LedgerLikeHolds(USER);

        applyAll(ledger, ipRestriction("ip-1", "10.0.0.0/8"));
        TokenStatus meanwhile = gateway.token(42).status();
        List<Outcome> topUp = applyAll(ledger, CatalogueEvents.topUp(envelope("t-1", Catalogue.TOPUP), 1_000));

        assertThat(meanwhile).isEqualTo(TokenStatus.DISABLED);
        assertThat(topUp.get(0).reason()).contains("the narrowing an earlier event could not write is written with it");
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(gateway.token(42).remainQuota()).isEqualTo(700);
        assertThat(gateway.token(42).allowIps()).isEqualTo(AllowIps.of(List.of("10.0.0.0/8")));
        assertThat(ledger.facts(USER, 42)).isEqualTo(SecurityFacts.NONE);
    }

    @Test
    void narrowingThatCannotBeWrittenKeepsTheHoldOfItsBatchsIncident() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(-300));
        LedgerLikeHolds ledger = new LedgerLikeHolds(USER);

        applyAll(
                ledger,
                incident("i-1"),
                ipRestriction("ip-1", "10.0.0.0/8"),
                event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(ledger.facts(USER, 42).held()).isFalse();
        assertThat(ledger.facts(USER, 42).pendingIps()).contains(AllowIps.of(List.of("10.0.0.0/8")));
    }

    @Test
    void incidentMakesItsHoldDurableBeforeTheWriteThatDisablesTheToken() {
        HoldsBeforeWrites intents = new HoldsBeforeWrites();

        applyAll(intents, incident("i-1"));

        assertThat(intents.statusWhenHeld)
                .as("the hold is durable while the token is still enabled")
                .containsExactly(TokenStatus.ENABLED);
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(holds.recorded).containsExactly(new Recorded(42, true, "/security i-1"));
    }

    @Test
    void disableThatWasNotMadeKeepsTheFactsItFoundWithItsEvent() {
        gateway.failing("status", 1, () -> new PermanentGatewayException("Unauthorized, invalid access token"));
        HoldsBeforeWrites intents = new HoldsBeforeWrites();

        List<Outcome> refused = applyAll(intents, incident("i-1"));

        assertThat(refused).singleElement().extracting(Outcome::result).isEqualTo(Result.REJECTED);
        assertThat(intents.statusWhenHeld).containsExactly(TokenStatus.ENABLED);
        assertThat(holds.recorded)
                .as("the hold recorded before the write is undone with the event's outcome")
                .containsExactly(new Recorded(42, false, "/security i-1"));
    }

    @Test
    void incidentOnATokenDisabledAlreadyRecordsNoHoldBeforeAnyWrite() {
        gateway.with(CatalogueTableTest.disabled());
        HoldsBeforeWrites intents = new HoldsBeforeWrites();

        applyAll(intents, incident("i-1"));

        assertThat(intents.statusWhenHeld).isEmpty();
    }

    private List<Outcome> applyAll(TokenEvent... events) {
        return applyAll(holds, events);
    }

    private List<Outcome> applyAll(SecurityHolds kept, TokenEvent... events) {
        return CatalogueTableTest.applier(gateway)
                .applyAll(List.of(events), RECEIVED, IntentLog.NONE, kept, new HandOver());
    }

    private List<Outcome> applyAll(IntentLog intents, TokenEvent... events) {
        return CatalogueTableTest.applier(gateway).applyAll(List.of(events), RECEIVED, intents, holds, new HandOver());
    }

    /** An intent log that notes the token's status in the gateway whenever a hold is made durable. */
    private final class HoldsBeforeWrites implements IntentLog {
        private final List<TokenStatus> statusWhenHeld = new ArrayList<>();

        @Override
        public void record(Intent intent) {}

        @Override
        public void recordHold(long userId, long tokenId, SecurityFacts facts) {
            assertThat(facts.held()).isTrue();
            statusWhenHeld.add(gateway.token(tokenId).status());
        }

        @Override
        public List<Intent> open(long tokenId) {
            return List.of();
        }

        @Override
        public void settle(Intent told, long userId) {}
    }

    private record Recorded(long tokenId, boolean held, String eventId) {}

    private static final class RecordingHolds implements SecurityHolds {
        private final Set<Long> held = new HashSet<>();
        private final List<Recorded> recorded = new ArrayList<>();

        @Override
        public SecurityFacts facts(long userId, long tokenId) {
            return userId == USER && held.contains(tokenId) ? SecurityFacts.heldOnly() : SecurityFacts.NONE;
        }

        @Override
        public void record(long userId, long tokenId, SecurityFacts facts, String eventId) {
            recorded.add(new Recorded(tokenId, facts.held(), eventId));
        }
    }
}
