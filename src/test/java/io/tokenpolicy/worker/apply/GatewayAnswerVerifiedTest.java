package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.config.CircuitProperties;
import io.tokenpolicy.worker.config.RetryProperties;
import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenPolicy;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Verify after every write (issue 19, item 3): the token in each PUT's answer is compared with the state the worker
 * intended. A difference is reported in the outcome ({@code changes} as the gateway wrote them, and the differences),
 * counted, and a security change that did not take is made good (a disable read again) or FAILED, never APPLIED.
 */
class GatewayAnswerVerifiedTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-01T12:00:00Z");

    private final FakeTokenGateway fake = new FakeTokenGateway();
    private final List<String> counted = new ArrayList<>();

    @Test
    void aFieldTheGatewayDidNotWriteIsReportedAsWrittenWithTheDifference() {
        fake.with(CatalogueTableTest.enabled().withRemainQuota(1_000));
        Fork keepsQuota = new Fork(fake).replacing(written -> written.withRemainQuota(1_000));

        List<Outcome> outcomes = applyAll(keepsQuota, topUp("t-1", 500));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.APPLIED);
            assertThat(outcome.changes()).contains(new FieldChange("remain_quota", 1_000L, 1_000L));
            assertThat(outcome.gatewayDiffers()).containsExactly(new FieldChange("remain_quota", 1_500L, 1_000L));
        });
        assertThat(counted).containsExactly("remain_quota");
    }

    @Test
    void aNarrowingTheGatewayDidNotWriteFails() {
        fake.with(CatalogueTableTest.enabled());
        Fork dropsAllowIps = new Fork(fake).replacing(written -> written.withAllowIps(AllowIps.unrestricted()));

        List<Outcome> outcomes = applyAll(
                dropsAllowIps,
                CatalogueEvents.ipRestriction(
                        envelope("r-1", Catalogue.IP_RESTRICTION, "/security"), AllowIps.of(List.of("10.1.0.0/16"))));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.FAILED);
            assertThat(outcome.reason())
                    .startsWith(TokenEventApplier.UNACCEPTABLE_ANSWER)
                    .contains("allow_ips");
        });
    }

    @Test
    void aDisableAnsweredOtherwiseIsReadAgainAndFailsWhileTheTokenIsNotDisabled() {
        fake.with(CatalogueTableTest.enabled());
        Fork ignoresDisable = new Fork(fake).answeringStatus(TokenStatus.ENABLED, false);

        List<Outcome> outcomes = applyAll(ignoresDisable, incident("i-1"));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.FAILED);
            assertThat(outcome.reason()).contains("is not disabled");
        });
        assertThat(fake.calls())
                .as("read, the disable answered as not done, read again")
                .containsExactly("read", "read");
    }

    @Test
    void aDisableAnsweredOtherwiseButReadDisabledIsAppliedWithTheDifference() {
        fake.with(CatalogueTableTest.enabled());
        Fork answersOddly = new Fork(fake).answeringStatus(TokenStatus.ENABLED, true);

        List<Outcome> outcomes = applyAll(answersOddly, incident("i-1"));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.APPLIED);
            assertThat(outcome.gatewayDiffers()).containsExactly(new FieldChange("status", 2, 1));
        });
        assertThat(fake.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void aForkThatSwitchesADisabledTokenOnWithATopUpIsSwitchedOffAndReported() {
        fake.with(CatalogueTableTest.disabled());
        Fork reEnables = new Fork(fake).replacing(written -> written.withStatus(TokenStatus.ENABLED));

        List<Outcome> outcomes = applyAll(reEnables, topUp("t-1", 500));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.APPLIED);
            assertThat(outcome.gatewayDiffers()).containsExactly(new FieldChange("status", 2, 1));
        });
        assertThat(fake.token(42).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(counted).containsExactly("status");
    }

    /**
     * A fork that switches an exhausted token on when an update raises its quota does at once what the batch means to
     * do with its status-only PUT after it: that is no difference from the state intended, and is neither reported
     * nor counted.
     */
    @Test
    void aForkThatSwitchesAnExhaustedTokenOnWithTheTopUpThatRevivesItDiffersInNothing() {
        fake.with(CatalogueTableTest.exhausted());
        Fork reEnables = new Fork(fake).replacing(written -> written.withStatus(TokenStatus.ENABLED));

        List<Outcome> outcomes = applyAll(reEnables, topUp("t-1", 500));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(Result.APPLIED);
            assertThat(outcome.gatewayDiffers()).isEmpty();
        });
        assertThat(fake.token(42).status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(counted).isEmpty();
    }

    private List<Outcome> applyAll(TokenGateway gateway, TokenEvent... events) {
        TokenEventApplier applier = new TokenEventApplier(
                gateway,
                new TokenPolicy(RuleSet.catalogue()),
                ApplyConfiguration.gatewayRetry(
                        new RetryProperties(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(5)),
                        new GatewayCircuit(new CircuitProperties(10, Duration.ofSeconds(1), 1), Clock.systemUTC())),
                Clock.fixed(RECEIVED, ZoneOffset.UTC),
                counted::add);
        return applier.applyAll(List.of(events), RECEIVED, IntentLog.NONE, SecurityHolds.NONE, new HandOver());
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

    /** new-api's behaviour, but for what a fork writes or answers otherwise. */
    private static final class Fork implements TokenGateway {
        private final FakeTokenGateway gateway;
        private UnaryOperator<TokenState> replaced = UnaryOperator.identity();
        private TokenStatus answeredStatus;
        private boolean statusWritten = true;

        Fork(FakeTokenGateway gateway) {
            this.gateway = gateway;
        }

        /** A full PUT stores and answers {@code change} of what it was asked to write. */
        Fork replacing(UnaryOperator<TokenState> change) {
            this.replaced = change;
            return this;
        }

        /** A status-only PUT answers {@code status}, and writes what it was asked only when {@code written}. */
        Fork answeringStatus(TokenStatus status, boolean written) {
            this.answeredStatus = status;
            this.statusWritten = written;
            return this;
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
            StoredToken written = gateway.replace(current, desired);
            TokenState stored = replaced.apply(written.state());
            gateway.with(stored);
            return new Answer(written.userId(), stored, written.usedQuota());
        }

        @Override
        public StoredToken changeStatus(StoredToken current, TokenStatus status) {
            if (answeredStatus == null) {
                return gateway.changeStatus(current, status);
            }
            StoredToken written = statusWritten ? gateway.changeStatus(current, status) : current;
            return new Answer(written.userId(), written.state().withStatus(answeredStatus), written.usedQuota());
        }
    }

    private record Answer(long userId, TokenState state, long usedQuota) implements StoredToken {}
}
