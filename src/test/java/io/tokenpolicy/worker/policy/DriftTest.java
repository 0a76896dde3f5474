package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Only fields the policy decided are compared, and only in the direction that opens the token or moves money. */
class DriftTest {

    private static final TokenState TOKEN =
            new TokenState(42, TokenStatus.ENABLED, 1_000, false, AllowIps.unrestricted());

    @Test
    void nothingDecidedIsNeverDrift() {
        assertThat(Drift.between(PolicyView.NONE, TOKEN.withGroup("vip"), 123)).isEmpty();
    }

    @Test
    void aTokenTheSecurityLaneStoppedThatIsEnabledAgainIsASecurityFinding() {
        PolicyView view = PolicyView.NONE.withStatus(
                new PolicyView.DecidedStatus(TokenStatus.DISABLED, "security.incident: key leaked", true));

        assertThat(Drift.between(view, TOKEN, 1_000))
                .containsExactly(new DriftFinding(DriftKind.RE_ENABLED, "status", 2, 1, 0, true));
        assertThat(Drift.between(view, TOKEN.withStatus(TokenStatus.EXHAUSTED), 1_000))
                .isEmpty();
    }

    @Test
    void anAllowListIsDriftOnlyWhenItAdmitsAnAddressTheDecidedOneDoesNot() {
        PolicyView view = PolicyView.NONE.withAllowIps(AllowIps.of(List.of("10.1.0.0/16")));

        assertThat(Drift.between(view, TOKEN.withAllowIps(AllowIps.of(List.of("10.1.2.0/24"))), 1_000))
                .isEmpty();
        assertThat(Drift.between(view, TOKEN.withAllowIps(AllowIps.of(List.of("10.1.0.0/16"))), 1_000))
                .isEmpty();
        assertThat(Drift.between(view, TOKEN.withAllowIps(AllowIps.of(List.of("10.0.0.0/8"))), 1_000))
                .extracting(DriftFinding::kind)
                .containsExactly(DriftKind.ALLOW_IPS_WIDER);
        assertThat(Drift.between(view, TOKEN, 1_000))
                .extracting(DriftFinding::kind)
                .containsExactly(DriftKind.ALLOW_IPS_WIDER);
    }

    @Test
    void aModelWhitelistIsDriftWhenItAdmitsAModelTheDecidedOneDoesNotOrIsSwitchedOff() {
        PolicyView view = PolicyView.NONE.withModelLimits(ModelLimits.only(List.of("a", "b")));

        assertThat(Drift.between(view, TOKEN.withModelLimits(ModelLimits.only(List.of("b"))), 1_000))
                .isEmpty();
        assertThat(Drift.between(view, TOKEN.withModelLimits(ModelLimits.only(List.of("b", "c"))), 1_000))
                .extracting(DriftFinding::kind)
                .containsExactly(DriftKind.MODELS_WIDER);
        assertThat(Drift.between(view, TOKEN, 1_000))
                .extracting(DriftFinding::kind)
                .containsExactly(DriftKind.MODELS_WIDER);
    }

    @Test
    void aFundedTotalThatDiffersCarriesTheExactDifferenceAndIsNoSecurityMatter() {
        PolicyView view = PolicyView.NONE.withFundedTotal(OptionalLong.of(1_700));

        assertThat(Drift.between(view, TOKEN, 1_700)).isEmpty();
        assertThat(Drift.between(view, TOKEN, 1_200))
                .containsExactly(
                        new DriftFinding(DriftKind.FUNDED_TOTAL_DIFFERS, "funded_total", 1_700L, 1_200L, -500, false));
        assertThat(Drift.between(view, TOKEN.withUnlimitedQuota(true), 1_200)).isEmpty();
    }

    @Test
    void aLaterExpiryAndAnotherGroupAreDriftAnEarlierExpiryIsNot() {
        PolicyView view = PolicyView.NONE.withExpiredTime(2_000).withGroup("default");

        assertThat(Drift.between(view, TOKEN.withExpiredTime(1_000).withGroup("default"), 1_000))
                .isEmpty();
        assertThat(Drift.between(view, TOKEN.withExpiredTime(TokenState.NEVER).withGroup("vip"), 1_000))
                .extracting(DriftFinding::kind)
                .containsExactly(DriftKind.EXPIRY_LATER, DriftKind.GROUP_DIFFERS);
    }
}
