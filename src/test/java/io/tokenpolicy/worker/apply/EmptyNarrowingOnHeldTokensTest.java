package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A sibling of bb1b8be: a narrowing whose intersection is empty decides to disable the token ("a narrowing that
 * disables does not count, since re-enabling would restore the wider list", design.md). On a token that an incident
 * already holds disabled, the same narrowing keeps the hold, so the incident's resolution re-enables the token with
 * the very allow_ips or models the narrowing found nothing in common with.
 */
class EmptyNarrowingOnHeldTokensTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-01T12:00:00Z");
    private static final long USER = FakeTokenGateway.USER_ID;
    private static final AllowIps TEN = AllowIps.of(List.of("10.0.0.0/8"));

    private final LedgerLikeHolds holds = new LedgerLikeHolds();
    private final FakeTokenGateway gateway = new FakeTokenGateway();

    @Test
    void unheldTokenWhoseNarrowingLeavesNothingStaysDisabledAfterAResolution() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));

        applyAll(ipRestriction("ip-1", "192.168.0.0/16"));
        applyAll(resolved("r-1"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void heldTokenWhoseIpNarrowingLeavesNothingStaysDisabledAfterTheResolution() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));
        applyAll(incident("i-1"));

        applyAll(ipRestriction("ip-1", "192.168.0.0/16"));
        List<Outcome> resolution = applyAll(resolved("r-1"));

        assertThat(gateway.token(42))
                .as(
                        "resolution %s reopened the token with allow_ips %s, which the restriction to 192.168.0.0/16"
                                + " shares nothing with",
                        resolution.get(0).result(), gateway.token(42).allowIps())
                .extracting(token -> token.status())
                .isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void heldTokenWhoseModelNarrowingLeavesNothingStaysDisabledAfterTheResolution() {
        gateway.with(CatalogueTableTest.enabled().withModelLimits(ModelLimits.only(List.of("gpt-a"))));
        applyAll(incident("i-1"));

        applyAll(modelRestriction("m-1", "gpt-b"));
        applyAll(resolved("r-1"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void emptyNarrowingBetweenAnIncidentAndItsResolutionInOneBatchLeavesTheTokenDisabled() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));

        applyAll(incident("i-1"), ipRestriction("ip-1", "192.168.0.0/16"), resolved("r-1"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void lowIncidentWithNetworksSharingNothingWithAHeldTokenStaysDisabledAfterTheResolution() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));
        applyAll(incident("i-1"));

        applyAll(CatalogueEvents.incident(
                envelope("i-2", Catalogue.INCIDENT),
                Severity.LOW,
                "odd traffic",
                Optional.of(AllowIps.of(List.of("192.168.0.0/16")))));
        applyAll(resolved("r-1"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    private List<Outcome> applyAll(TokenEvent... events) {
        return CatalogueTableTest.applier(gateway)
                .applyAll(List.of(events), RECEIVED, IntentLog.NONE, holds, new HandOver());
    }

    private static TokenEvent incident(String id) {
        return CatalogueEvents.incident(
                envelope(id, Catalogue.INCIDENT), Severity.CRITICAL, "key leaked", Optional.empty());
    }

    private static TokenEvent ipRestriction(String id, String entry) {
        return CatalogueEvents.ipRestriction(envelope(id, Catalogue.IP_RESTRICTION), AllowIps.of(List.of(entry)));
    }

    private static TokenEvent modelRestriction(String id, String model) {
        return new TokenEvent(
                envelope(id, Catalogue.MODEL_RESTRICTION), new EventData(Map.of("models", List.of(model))));
    }

    private static TokenEvent resolved(String id) {
        return new TokenEvent(envelope(id, Catalogue.INCIDENT_RESOLVED), EventData.EMPTY);
    }

    private static EventEnvelope envelope(String id, String type) {
        return new EventEnvelope("/security", id, type, RECEIVED, 42, USER);
    }

    /** Holds as the ledger keeps them: each recorded change is what the next batch reads. */
    private static final class LedgerLikeHolds implements SecurityHolds {
        private final Set<Long> held = new HashSet<>();

        @Override
        public boolean held(long userId, long tokenId) {
            return userId == USER && held.contains(tokenId);
        }

        @Override
        public void record(long userId, long tokenId, boolean isHeld, String eventKey) {
            if (isHeld) {
                held.add(tokenId);
            } else {
                held.remove(tokenId);
            }
        }
    }
}
