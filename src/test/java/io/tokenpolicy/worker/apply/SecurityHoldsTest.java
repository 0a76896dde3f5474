package io.tokenpolicy.worker.apply;

import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.RECEIVED;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.USER;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.event;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.incident;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.ipRestriction;
import static org.assertj.core.api.Assertions.assertThat;

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
    void incidentResolvedReEnablesAHeldTokenAndEndsItsHold() {
        gateway.with(CatalogueTableTest.disabled());
        holds.held.add(42L);

        List<Outcome> outcomes = applyAll(event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(outcomes).singleElement().extracting(Outcome::result).isEqualTo(Result.APPLIED);
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(holds.recorded).containsExactly(new Recorded(42, false, "/security r-1"));
    }

    @Test
    void subscriptionEndedOnAHeldTokenEndsItsHoldWithoutAWrite() {
        gateway.with(CatalogueTableTest.disabled());
        holds.held.add(42L);

        List<Outcome> outcomes =
                applyAll(event("s-1", Catalogue.SUBSCRIPTION_ENDED), event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(outcomes).extracting(Outcome::result).containsExactly(Result.NO_CHANGE, Result.NO_CHANGE);
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(holds.recorded).containsExactly(new Recorded(42, false, "/security s-1"));
    }

    @Test
    void incidentResolvedInTheSameBatchAsItsIncidentLeavesNoHold() {
        applyAll(incident("i-1"), event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(holds.recorded).isEmpty();
    }

    @Test
    void narrowingThatCannotBeWrittenOnAHeldTokenEndsItsHoldSoTheResolutionDoesNotReopenItWide() {
        gateway.with(CatalogueTableTest.disabled().withRemainQuota(-300));
        holds.held.add(42L);

        List<Outcome> narrowing = applyAll(ipRestriction("ip-1", "10.0.0.0/8"));
        holds.held.clear();
        List<Outcome> resolution = applyAll(event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(narrowing).singleElement().extracting(Outcome::result).isEqualTo(Result.NO_CHANGE);
        assertThat(narrowing.get(0).reason()).contains("allow_ips could not be narrowed");
        assertThat(holds.recorded).containsExactly(new Recorded(42, false, "/security ip-1"));
        assertThat(resolution).singleElement().extracting(Outcome::result).isEqualTo(Result.NO_CHANGE);
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void narrowingThatCannotBeWrittenEndsTheHoldOfItsBatchsIncidentToo() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(-300));

        applyAll(incident("i-1"), ipRestriction("ip-1", "10.0.0.0/8"), event("r-1", Catalogue.INCIDENT_RESOLVED));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(holds.recorded).isEmpty();
    }

    private List<Outcome> applyAll(TokenEvent... events) {
        return CatalogueTableTest.applier(gateway)
                .applyAll(List.of(events), RECEIVED, IntentLog.NONE, holds, new HandOver());
    }

    private record Recorded(long tokenId, boolean held, String eventId) {}

    private static final class RecordingHolds implements SecurityHolds {
        private final Set<Long> held = new HashSet<>();
        private final List<Recorded> recorded = new ArrayList<>();

        @Override
        public boolean held(long userId, long tokenId) {
            return userId == USER && held.contains(tokenId);
        }

        @Override
        public void record(long userId, long tokenId, boolean held, String eventId) {
            recorded.add(new Recorded(tokenId, held, eventId));
        }
    }
}
