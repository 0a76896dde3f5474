package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.Intent.Fate;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How open intents are told: once, by the funded total or the chain, or by the fate an earlier batch told. */
class PreviousAttemptTest {

    private final List<Intent> told = new ArrayList<>();
    private final IntentLog intents = new IntentLog() {
        @Override
        public void record(Intent intent) {
            throw new AssertionError("settling records no intent");
        }

        @Override
        public void recordHold(long userId, long tokenId, SecurityFacts facts) {
            throw new AssertionError("settling records no hold");
        }

        @Override
        public List<Intent> open(long tokenId) {
            return List.of();
        }

        @Override
        public void settle(Intent intent, long userId) {
            told.add(intent);
        }
    };

    @Test
    void anIntentToldBeforeKeepsItsFateAndIsNotCorrectedAgainWhateverTheFundedTotalNow() {
        Intent landedBefore = topUp("t-1", 1_000, 100).told(Fate.LANDED);

        PreviousAttempt previous = PreviousAttempt.settle(List.of(landedBefore), fundedAt(1_600), intents);

        assertThat(previous.landed("t-1")).isTrue();
        assertThat(previous.newestLanded()).as("nothing to correct towards").isNull();
        assertThat(told).extracting(Intent::fate).containsExactly(Fate.LANDED);
    }

    @Test
    void anIntentThatNeverLandedIsNotTakenForLandedOnceLargerTopUpsRaisedTheTotal() {
        Intent notLandedBefore = topUp("t-1", 1_000, 100).told(Fate.NOT_LANDED);

        PreviousAttempt previous = PreviousAttempt.settle(List.of(notLandedBefore), fundedAt(1_500), intents);

        assertThat(previous.landed("t-1")).isFalse();
        assertThat(previous.unexplained("t-1")).isFalse();
    }

    @Test
    void onlyIntentsNeverToldTakePartInTheChain() {
        Intent newer = topUp("t-2", 1_100, 200);
        Intent toldBefore = topUp("t-1", 1_000, 100).told(Fate.LANDED);

        PreviousAttempt previous = PreviousAttempt.settle(List.of(toldBefore, newer), fundedAt(1_300), intents);

        assertThat(previous.landed("t-2")).isTrue();
        assertThat(previous.newestLanded()).isEqualTo(newer);
        assertThat(told).extracting(Intent::fate).containsExactly(Fate.LANDED, Fate.LANDED);
    }

    @Test
    void anIntentFollowedByAnotherNeverToldIsToldByTheNextOnesFundedTotal() {
        Intent older = topUp("t-1", 1_000, 100);
        Intent newer = topUp("t-2", 1_000, 200);

        PreviousAttempt previous = PreviousAttempt.settle(List.of(older, newer), fundedAt(1_000), intents);

        assertThat(told).extracting(Intent::fate).containsExactly(Fate.NOT_LANDED, Fate.NOT_LANDED);
        assertThat(previous.landed("t-1")).isFalse();
    }

    @Test
    void anUntoldIntentIsToldOnceWithTheFundedTotalsInItsReason() {
        PreviousAttempt previous = PreviousAttempt.settle(List.of(topUp("t-1", 1_000, 100)), fundedAt(1_050), intents);

        assertThat(told).extracting(Intent::fate).containsExactly(Fate.UNTOLD);
        assertThat(previous.unexplained("t-1")).isTrue();
        assertThat(previous.unexplainedReason()).contains("1050", "1100", "1000");
    }

    private static Intent topUp(String id, long fundedBefore, long amount) {
        return Intent.of(42, List.of(id), List.of(Catalogue.TOPUP), fundedBefore, amount);
    }

    private static StoredToken fundedAt(long funded) {
        TokenState state = CatalogueTableTest.enabled().withRemainQuota(funded - 300);
        return new Funded(FakeTokenGateway.USER_ID, state, 300);
    }

    private record Funded(long userId, TokenState state, long usedQuota) implements StoredToken {}
}
