package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch whose events, decided one after another, re-enable a stopped token on an intermediate state that the
 * batch's last events take away again (a refund to 0, a past expiry). The gateway refuses to switch on the token
 * that is written, so the batch must not ask it to; and events whose write landed are never REJECTED (parked for a
 * replay that would apply a refund twice).
 */
class RefusedReEnableOfABatchTest {

    private static final long TOKEN_ID = 42;
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final long PAST = NOW.minusSeconds(86_400).getEpochSecond();

    @Test
    void topUpAndARefundToZeroOfAnExhaustedTokenLeaveItExhaustedAndAreBothApplied() {
        FakeTokenGateway gateway = new FakeTokenGateway().with(token(TokenStatus.EXHAUSTED, 100, TokenState.NEVER));

        List<Outcome> outcomes =
                apply(gateway, List.of(topUp("id-1", 50), event("id-2", Catalogue.REFUND, Map.of("amount", 200L))));

        assertThat(gateway.token(TOKEN_ID)).isEqualTo(token(TokenStatus.EXHAUSTED, 0, TokenState.NEVER));
        assertThat(outcomes).extracting(Outcome::result).containsExactly(Result.APPLIED, Result.APPLIED);
        assertThat(outcomes.get(0).changes()).containsExactly(new FieldChange("remain_quota", 100L, 150L));
        assertThat(outcomes.get(0).reason())
                .doesNotContain("exhausted token re-enabled")
                .contains("token left exhausted, not re-enabled");
        assertThat(outcomes.get(1).changes()).containsExactly(new FieldChange("remain_quota", 150L, 0L));
        assertThat(gateway.calls()).doesNotContain("status ENABLED");
    }

    @Test
    void quotaResetAndAPastExpiryOfAnExpiredTokenLeaveItExpiredAndNoneIsRejected() {
        FakeTokenGateway gateway = new FakeTokenGateway().with(token(TokenStatus.EXPIRED, 100, TokenState.NEVER));

        List<Outcome> outcomes = apply(
                gateway,
                List.of(
                        event("id-1", Catalogue.QUOTA_RESET, Map.of("remain_quota", 100L)),
                        event("id-2", Catalogue.PLAN_CHANGED, Map.of("expired_time", PAST))));

        assertThat(gateway.token(TOKEN_ID)).isEqualTo(token(TokenStatus.EXPIRED, 100, PAST));
        assertThat(outcomes).extracting(Outcome::result).doesNotContain(Result.REJECTED, Result.FAILED);
        assertThat(outcomes.get(0).changes()).isEmpty();
        assertThat(outcomes.get(1).result()).isEqualTo(Result.APPLIED);
        assertThat(outcomes.get(1).changes()).containsExactly(new FieldChange("expired_time", TokenState.NEVER, PAST));
        assertThat(gateway.calls()).doesNotContain("status ENABLED");
    }

    @Test
    void topUpThatOutlastsTheRefundOfItsBatchStillReEnables() {
        FakeTokenGateway gateway = new FakeTokenGateway().with(token(TokenStatus.EXHAUSTED, 100, TokenState.NEVER));

        List<Outcome> outcomes =
                apply(gateway, List.of(topUp("id-1", 500), event("id-2", Catalogue.REFUND, Map.of("amount", 200L))));

        assertThat(gateway.token(TOKEN_ID)).isEqualTo(token(TokenStatus.ENABLED, 400, TokenState.NEVER));
        assertThat(outcomes).extracting(Outcome::result).containsExactly(Result.APPLIED, Result.APPLIED);
        assertThat(outcomes.get(0).changes())
                .containsExactlyInAnyOrder(
                        new FieldChange("remain_quota", 100L, 600L), new FieldChange("status", 4, 1));
    }

    private static List<Outcome> apply(FakeTokenGateway gateway, List<TokenEvent> events) {
        return CatalogueTableTest.applier(gateway)
                .applyAll(events, NOW, IntentLog.NONE, SecurityHolds.NONE, new HandOver());
    }

    private static TokenState token(TokenStatus status, long remainQuota, long expiredTime) {
        return new TokenState(TOKEN_ID, status, remainQuota, false, AllowIps.unrestricted())
                .withExpiredTime(expiredTime);
    }

    private static EventEnvelope envelope(String id, String type) {
        return new EventEnvelope("/billing", id, type, NOW, TOKEN_ID, FakeTokenGateway.USER_ID);
    }

    private static TokenEvent topUp(String id, long amount) {
        return CatalogueEvents.topUp(envelope(id, Catalogue.TOPUP), amount);
    }

    private static TokenEvent event(String id, String type, Map<String, Object> data) {
        return new TokenEvent(envelope(id, type), new EventData(data));
    }
}
