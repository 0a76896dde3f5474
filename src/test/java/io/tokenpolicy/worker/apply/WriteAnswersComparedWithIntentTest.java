package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gateway's token API (docs/operations.md), newer servers: "Forks differ: some re-enable a token when its quota is raised on update ... Read
 * the answer of every write and compare it with the state intended." The worker reads the answer of its full PUT
 * (it takes the funded total from it) but never compares its status with the one intended: on such a fork a top-up
 * of a disabled token (billing must keep it disabled), or an incident and a top-up applied together, leave the
 * token ENABLED while the outcome says it is disabled.
 */
class WriteAnswersComparedWithIntentTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-01T12:00:00Z");

    private final FakeTokenGateway fake = new FakeTokenGateway();
    private final ForkThatReEnablesOnRaise fork = new ForkThatReEnablesOnRaise(fake);

    @Test
    void topUpOfADisabledTokenLeavesItDisabledOnAForkThatReEnablesOnRaise() {
        fake.with(CatalogueTableTest.disabled());

        List<Outcome> outcomes = applyAll(topUp("t-1", 500));

        assertThat(outcomes).singleElement().extracting(Outcome::result).isEqualTo(Result.APPLIED);
        assertThat(fake.token(42).status())
                .as(
                        "billing never re-enables a disabled token; outcome said: %s",
                        outcomes.get(0).reason())
                .isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void criticalIncidentAppliedWithATopUpLeavesTheTokenDisabledOnAForkThatReEnablesOnRaise() {
        fake.with(CatalogueTableTest.enabled());

        List<Outcome> outcomes = applyAll(incident("i-1"), topUp("t-1", 500));

        assertThat(outcomes).extracting(Outcome::result).containsExactly(Result.APPLIED, Result.APPLIED);
        assertThat(fake.token(42).status())
                .as("the incident's disable went out first, then the full PUT raising the quota re-enabled it")
                .isEqualTo(TokenStatus.DISABLED);
    }

    private List<Outcome> applyAll(TokenEvent... events) {
        return CatalogueTableTest.applier(fork, RuleSet.catalogue(), RECEIVED)
                .applyAll(List.of(events), RECEIVED, IntentLog.NONE, SecurityHolds.NONE, new HandOver());
    }

    private static TokenEvent topUp(String id, long amount) {
        return CatalogueEvents.topUp(envelope(id, Catalogue.TOPUP, "/billing"), amount);
    }

    private static TokenEvent incident(String id) {
        return CatalogueEvents.incident(
                envelope(id, Catalogue.INCIDENT, "/security"), Severity.CRITICAL, "key leaked", Optional.empty());
    }

    private static EventEnvelope envelope(String id, String type, String source) {
        return new EventEnvelope(source, id, type, RECEIVED, 42, FakeTokenGateway.USER_ID);
    }

    /** new-api's behaviour, except that a full PUT which raises the quota switches the token on, as some forks do. */
    private static final class ForkThatReEnablesOnRaise implements TokenGateway {
        private final FakeTokenGateway gateway;

        ForkThatReEnablesOnRaise(FakeTokenGateway gateway) {
            this.gateway = gateway;
        }

        @Override
        public boolean canActFor(long userId) {
            return gateway.canActFor(userId);
        }

        @Override
        public StoredToken read(long userId, long tokenId) {
            return gateway.read(userId, tokenId);
        }

        @Override
        public StoredToken replace(StoredToken current, TokenState desired) {
            long before = gateway.token(desired.id()).remainQuota();
            StoredToken written = gateway.replace(current, desired);
            if (desired.remainQuota() <= before) {
                return written;
            }
            TokenState enabled = written.state().withStatus(TokenStatus.ENABLED);
            gateway.with(enabled);
            return new Answer(written.userId(), enabled, written.usedQuota());
        }

        @Override
        public StoredToken changeStatus(StoredToken current, TokenStatus status) {
            return gateway.changeStatus(current, status);
        }
    }

    private record Answer(long userId, TokenState state, long usedQuota) implements StoredToken {}
}
