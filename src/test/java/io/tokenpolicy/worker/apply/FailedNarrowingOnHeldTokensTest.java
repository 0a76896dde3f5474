package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A narrowing of a token an incident holds disabled whose write failed (gateway unavailable, retry budget spent;
 * parked on the DLT for replay) ends the hold, so that an incident_resolved arriving before the replay does not
 * re-enable the token with the allow_ips the narrowing meant to replace.
 */
class FailedNarrowingOnHeldTokensTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-01T12:00:00Z");
    private static final long USER = FakeTokenGateway.USER_ID;
    private static final AllowIps TEN = AllowIps.of(List.of("10.0.0.0/8"));

    private final LedgerLikeHolds holds = new LedgerLikeHolds();
    private final FakeTokenGateway gateway = new FakeTokenGateway();

    @Test
    void heldTokenWhoseNarrowingFailedIsNotReopenedWideByTheResolution() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));
        applyAll(incident("i-1"));
        gateway.failing("replace", 10, () -> new TransientGatewayException("HTTP 502"));

        List<Outcome> narrowing = applyAll(ipRestriction("ip-1", "10.1.0.0/16"));
        List<Outcome> resolution = applyAll(resolved("r-1"));

        assertThat(narrowing).singleElement().extracting(Outcome::result).isEqualTo(Result.FAILED);
        assertThat(gateway.token(42).status() == TokenStatus.DISABLED
                        || !gateway.token(42).allowIps().equals(TEN))
                .as(
                        "the narrowing to 10.1.0.0/16 is parked on the DLT; resolution %s re-enabled the token with %s",
                        resolution.get(0).result(), gateway.token(42).allowIps())
                .isTrue();
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
