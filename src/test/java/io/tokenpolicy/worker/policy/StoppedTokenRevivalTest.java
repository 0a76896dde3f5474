package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token the gateway stopped for want of quota or time runs again by one rule, whichever event
 * lifts the want: an exhausted token whose expiry has passed stays stopped, since the gateway
 * would mark it expired at its next call.
 */
class StoppedTokenRevivalTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final long PAST = NOW.getEpochSecond() - 86_400;
    private static final TokenState EXHAUSTED_AND_EXPIRED =
            new TokenState(42, TokenStatus.EXHAUSTED, 0, false, AllowIps.unrestricted()).withExpiredTime(PAST);

    private static final TokenPolicy POLICY = new TokenPolicy(RuleSet.catalogue());

    @Test
    void topUpOfExhaustedTokenWhoseExpiryHasPassedKeepsItExhausted() {
        Decision decision = change(Catalogue.TOPUP, Map.of("amount", 500L)).applyTo(EXHAUSTED_AND_EXPIRED);

        assertThat(decision).isEqualTo(new Decision.Apply(EXHAUSTED_AND_EXPIRED.withRemainQuota(500), "quota raised"));
    }

    @Test
    void landedTopUpOfExhaustedTokenWhoseExpiryHasPassedKeepsItExhausted() {
        TokenState landed = EXHAUSTED_AND_EXPIRED.withRemainQuota(500);

        Decision decision = change(Catalogue.TOPUP, Map.of("amount", 500L))
                .afterQuotaLanded()
                .applyTo(landed);

        assertThat(decision).isEqualTo(new Decision.Apply(landed, "top-up landed before a restart"));
    }

    @Test
    void quotaResetOfExhaustedTokenWhoseExpiryHasPassedKeepsItExhausted() {
        Decision decision =
                change(Catalogue.QUOTA_RESET, Map.of("remain_quota", 500L)).applyTo(EXHAUSTED_AND_EXPIRED);

        assertThat(decision)
                .isEqualTo(new Decision.Apply(EXHAUSTED_AND_EXPIRED.withRemainQuota(500), "quota set to 500"));
    }

    @Test
    void topUpOfExhaustedTokenWhoseExpiryLiesAheadReEnablesIt() {
        TokenState expiresLater = EXHAUSTED_AND_EXPIRED.withExpiredTime(NOW.getEpochSecond() + 86_400);

        Decision decision = change(Catalogue.TOPUP, Map.of("amount", 500L)).applyTo(expiresLater);

        assertThat(decision)
                .isEqualTo(new Decision.Apply(
                        expiresLater.withRemainQuota(500).withStatus(TokenStatus.ENABLED),
                        "quota raised; exhausted token re-enabled"));
    }

    private static TokenChange change(String type, Map<String, Object> data) {
        EventEnvelope envelope = new EventEnvelope("/billing/test", "evt-1", type, NOW, 42, 7);
        return POLICY.changeFor(new TokenEvent(envelope, new EventData(data)), NOW);
    }
}
