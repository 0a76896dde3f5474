package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The gateway's token API, newer servers: "Quota maximum is 1e9 × QuotaPerUnit (5e14 at the default 500000),
 * configurable." The worker's bound follows the gateway's QuotaPerUnit, not a constant.
 */
class QuotaMaximumTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void theMaximumIsAThousandMillionTimesQuotaPerUnit() {
        assertThat(Quota.ofQuotaPerUnit(500_000).maximum()).isEqualTo(500_000_000_000_000L);
        assertThat(Quota.ofQuotaPerUnit(1_000).maximum()).isEqualTo(1_000_000_000_000L);
        assertThat(Quota.ofQuotaPerUnit(0.5).maximum()).isEqualTo(500_000_000L);
    }

    /**
     * new-api computes its maximum as a wallet quota (common.WalletQuotaFromDecimalStrict), which is at most 2^53 - 1,
     * the largest integer JSON carries exactly to a browser: past that it answers 2^53 - 1, whatever QuotaPerUnit is.
     */
    @Test
    void theMaximumIsNeverPastTheLargestWalletQuota() {
        assertThat(Quota.ofQuotaPerUnit(10_000_000).maximum()).isEqualTo(9_007_199_254_740_991L);
        assertThat(Quota.ofQuotaPerUnit(1e300).maximum()).isEqualTo(9_007_199_254_740_991L);
    }

    @Test
    void aTopUpPastASmallerMaximumIsRefusedNamingIt() {
        TokenPolicy policy = new TokenPolicy(RuleSet.catalogue(), Quota.ofQuotaPerUnit(1_000));
        TokenState token = state(1_000_000_000_000L - 10);

        Decision decision = policy.decide(policy.changeFor(topUp(11), NOW), token, false);

        assertThat(decision).isInstanceOf(Decision.Refuse.class);
        assertThat(decision.reason()).contains("maximum of 1000000000000 (1e9 × QuotaPerUnit)");
    }

    @Test
    void aTopUpPastTheDefaultMaximumIsAppliedOnAGatewayWithALargerOne() {
        TokenPolicy policy = new TokenPolicy(RuleSet.catalogue(), Quota.ofQuotaPerUnit(1_000_000));
        TokenState token = state(Quota.MAX);

        Decision decision = policy.decide(policy.changeFor(topUp(1), NOW), token, false);

        assertThat(decision).isInstanceOfSatisfying(Decision.Apply.class, apply -> assertThat(
                        apply.after().remainQuota())
                .isEqualTo(Quota.MAX + 1));
    }

    private static TokenState state(long remainQuota) {
        return new TokenState(
                42,
                TokenStatus.ENABLED,
                remainQuota,
                false,
                AllowIps.unrestricted(),
                TokenState.NEVER,
                ModelLimits.NONE,
                "");
    }

    private static TokenEvent topUp(long amount) {
        return CatalogueEvents.topUp(new EventEnvelope("/billing", "t-" + amount, Catalogue.TOPUP, NOW, 42, 7), amount);
    }
}
