package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenPolicy;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's token API: a database error inside the controller is answered HTTP 200 {@code success:false} with the
 * driver's text, so {@code success:false} is not always final. A full PUT refused so is retried within the retry
 * budget, after reading the token again; one still refused when the budget is spent is FAILED, not REJECTED.
 */
class RefusalThatMayPassTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-01T12:00:00Z");

    private final FakeTokenGateway fake = new FakeTokenGateway();

    @Test
    void aFullPutRefusedWithADatabaseErrorIsRetriedAfterReadingTheTokenAgain() {
        fake.with(CatalogueTableTest.enabled().withRemainQuota(1_000))
                .failing("replace", 1, () -> new TransientGatewayException(Kind.REFUSED, "database is locked", null));

        List<Outcome> outcomes =
                applier(3).applyAll(List.of(topUp()), RECEIVED, IntentLog.NONE, SecurityHolds.NONE, new HandOver());

        assertThat(outcomes).singleElement().extracting(Outcome::result).isEqualTo(Result.APPLIED);
        assertThat(fake.calls()).containsExactly("read", "replace", "read", "replace");
        assertThat(fake.token(42).remainQuota()).isEqualTo(1_500);
    }

    /**
     * A lock timeout on the PUT is what a concurrent write of the same row causes: an operator narrowing the token's
     * allow_ips while the top-up is applied. The retry reads the token again, and must keep what it read there for
     * every field the batch does not change, or it writes the wider allow list back over the narrowing.
     */
    @Test
    void theRetryAfterARefusalKeepsWhatAnotherWriterChangedMeanwhile() {
        AllowIps narrowed = AllowIps.of(List.of("10.0.0.1"));
        fake.with(CatalogueTableTest.enabled().withRemainQuota(1_000)).failing("replace", 1, () -> {
            fake.with(fake.token(42).withAllowIps(narrowed).withExpiredTime(TokenState.NEVER));
            return new TransientGatewayException(
                    Kind.REFUSED, "Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction", null);
        });

        List<Outcome> outcomes =
                applier(3).applyAll(List.of(topUp()), RECEIVED, IntentLog.NONE, SecurityHolds.NONE, new HandOver());

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.APPLIED);
            assertThat(outcome.gatewayDiffers()).isEmpty();
        });
        assertThat(fake.calls()).containsExactly("read", "replace", "read", "replace");
        assertThat(fake.token(42).remainQuota()).isEqualTo(1_500);
        assertThat(fake.token(42).allowIps()).isEqualTo(narrowed);
        assertThat(fake.token(42).expiredTime()).isEqualTo(TokenState.NEVER);
    }

    /**
     * A retry refused for good ends the batch's field writes: what is left is its status, written from the token as
     * read again, and no full PUT may follow that writes the first read's fields over what another writer changed.
     */
    @Test
    void aRetryRefusedForGoodWritesNoFieldsAfterIt() {
        fake.with(CatalogueTableTest.enabled().withRemainQuota(1_000))
                .failing("replace", 1, () -> {
                    fake.with(fake.token(42).withExpiredTime(TokenState.NEVER));
                    return new TransientGatewayException(Kind.REFUSED, "database is locked", null);
                })
                .failing("replace", 1, () -> new PermanentGatewayException("Token name is too long"));

        List<Outcome> outcomes =
                applier(3).applyAll(List.of(topUp()), RECEIVED, IntentLog.NONE, SecurityHolds.NONE, new HandOver());

        assertThat(outcomes).singleElement().extracting(Outcome::result).isEqualTo(Result.REJECTED);
        assertThat(fake.calls()).containsExactly("read", "replace", "read", "replace");
        assertThat(fake.token(42).expiredTime()).isEqualTo(TokenState.NEVER);
        assertThat(fake.token(42).remainQuota()).isEqualTo(1_000);
    }

    @Test
    void aRefusalThatOutlastsTheBudgetIsFailed() {
        fake.with(CatalogueTableTest.enabled().withRemainQuota(1_000))
                .failing("replace", 5, () -> new TransientGatewayException(Kind.REFUSED, "database is locked", null));

        List<Outcome> outcomes =
                applier(2).applyAll(List.of(topUp()), RECEIVED, IntentLog.NONE, SecurityHolds.NONE, new HandOver());

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.FAILED);
            assertThat(outcome.reason()).contains("database is locked");
        });
        assertThat(fake.token(42).remainQuota()).isEqualTo(1_000);
    }

    private TokenEventApplier applier(int maxAttempts) {
        return new TokenEventApplier(
                fake,
                new TokenPolicy(RuleSet.catalogue()),
                ApplyConfiguration.gatewayRetry(
                        new RetryProperties(
                                maxAttempts, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(5)),
                        new GatewayCircuit(new CircuitProperties(10, Duration.ofSeconds(1), 1), Clock.systemUTC())),
                Clock.fixed(RECEIVED, ZoneOffset.UTC));
    }

    private static TokenEvent topUp() {
        return CatalogueEvents.topUp(
                new EventEnvelope("/billing", "t-1", Catalogue.TOPUP, RECEIVED, 42, FakeTokenGateway.USER_ID), 500);
    }
}
