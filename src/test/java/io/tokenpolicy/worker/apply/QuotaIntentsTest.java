package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which quota writes go under an intent, and how a redelivered refund is told from a new one. */
class QuotaIntentsTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-01T12:00:00Z");
    private static final String SOURCE = "/billing/test";

    private final RecordingIntents intents = new RecordingIntents();
    private final FakeTokenGateway gateway = new FakeTokenGateway().with(CatalogueTableTest.enabled());

    @Test
    void refundIsWrittenUnderAnIntentWithANegativeDelta() {
        applyAll(refund("r-1", 300));

        assertThat(intents.recorded).singleElement().satisfies(intent -> {
            assertThat(intent.eventIds()).containsExactly(key("r-1"));
            assertThat(intent.fundedBefore()).isEqualTo(1_000);
            assertThat(intent.delta()).isEqualTo(-300);
        });
    }

    @Test
    void quotaResetAloneIsWrittenUnderAnIntentToo() {
        applyAll(reset("q-1", 5_000));

        assertThat(intents.recorded).singleElement().satisfies(intent -> {
            assertThat(intent.eventIds()).containsExactly(key("q-1"));
            assertThat(intent.fundedBefore()).isEqualTo(1_000);
            assertThat(intent.delta()).isEqualTo(4_000);
        });
        assertThat(gateway.token(42).remainQuota()).isEqualTo(5_000);
    }

    /**
     * Seen in the chaos soak: a batch told a refund's intent landed, then reset the quota, and was killed before its
     * transaction committed, so the refund's fate was lost. Redelivered, the refund is told by the reset's intent,
     * which read the funded total the refund left, instead of ending "cannot tell".
     */
    @Test
    void aRefundWhoseFateACrashLostIsToldByTheResetWrittenAfterIt() {
        intents.open.add(Intent.of(42, List.of(key("r-1")), List.of(Catalogue.REFUND), 1_000, -300));
        intents.open.add(Intent.of(42, List.of(key("q-1")), List.of(Catalogue.QUOTA_RESET), 700, 4_300));
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(5_000));

        List<Outcome> outcomes = applyAll(refund("r-1", 300));

        assertThat(outcomes.get(0).result()).isEqualTo(Result.APPLIED);
        assertThat(gateway.token(42).remainQuota()).isEqualTo(5_000);
        assertThat(gateway.calls()).containsExactly("read");
    }

    @Test
    void resetAppliedTogetherWithTopUpGoesIntoTheTopUpsIntent() {
        applyAll(reset("q-1", 5_000), topUp("t-1", 200));

        assertThat(intents.recorded).singleElement().satisfies(intent -> {
            assertThat(intent.eventIds()).containsExactly(key("q-1"), key("t-1"));
            assertThat(intent.delta()).isEqualTo(4_200);
        });
    }

    @Test
    void redeliveredRefundWhoseWriteLandedIsNotTakenTwice() {
        intents.open.add(Intent.of(42, List.of(key("r-1")), List.of(Catalogue.REFUND), 1_000, -300));
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(700));

        List<Outcome> outcomes = applyAll(refund("r-1", 300));

        assertThat(gateway.token(42).remainQuota()).isEqualTo(700);
        assertThat(outcomes.get(0).result()).isEqualTo(Result.APPLIED);
        assertThat(gateway.calls()).containsExactly("read");
    }

    @Test
    void redeliveredRefundWhoseWriteNeverLandedIsApplied() {
        intents.open.add(Intent.of(42, List.of(key("r-1")), List.of(Catalogue.REFUND), 1_000, -300));

        applyAll(refund("r-1", 300));

        assertThat(gateway.token(42).remainQuota()).isEqualTo(700);
    }

    @Test
    void redeliveredResetAndTopUpWhoseWriteLandedDoNotOverwriteTheTopUp() {
        intents.open.add(Intent.of(
                42, List.of(key("q-1"), key("t-1")), List.of(Catalogue.QUOTA_RESET, Catalogue.TOPUP), 1_000, 4_200));
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(5_200));

        applyAll(reset("q-1", 5_000), topUp("t-1", 200));

        assertThat(gateway.token(42).remainQuota()).isEqualTo(5_200);
    }

    @Test
    void anEventWithTheIdOfALandedIntentsEventButAnotherSourceIsAppliedAsWell() {
        intents.open.add(Intent.of(42, List.of(key("r-1")), List.of(Catalogue.REFUND), 1_000, -300));
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(700));

        applyAll(new TokenEvent(
                new EventEnvelope("/billing/other", "r-1", Catalogue.REFUND, RECEIVED, 42, FakeTokenGateway.USER_ID),
                new EventData(Map.of("amount", 300L))));

        assertThat(gateway.token(42).remainQuota()).isEqualTo(400);
    }

    /**
     * An intent that was not the token's last write (appended to the ledger after its batch gave up on it) is told
     * landed by a funded total that later top-ups raised: only usage since its read could have been overwritten by its
     * write, and there was none, so the top-ups written after it stay.
     */
    @Test
    void anIntentToldLandedLongAfterItsWriteTakesBackNoTopUpWrittenSince() {
        intents.open.add(Intent.of(42, List.of(key("t-1")), List.of(Catalogue.TOPUP), 1_000, 100)
                .withUsedBefore(0));
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_500));

        applyAll(topUp("t-2", 50));

        assertThat(gateway.token(42).remainQuota()).isEqualTo(1_550);
    }

    /**
     * Seen in the chaos soak (token 383): a batch's refund and top-up found the token unlimited and changed nothing,
     * and its plan made the token limited again; the write landed and the worker was killed before its commit.
     * Delivered again, the refund and the top-up found a limited token and were applied: the funded total ended
     * 26,342 above what the events make.
     */
    @Test
    void quotaEventsBeforeAPlanThatLimitedTheTokenAgainAreNotAppliedWhenTheLandedBatchIsDeliveredAgain() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));
        TokenEvent[] firstAttempt = {refund("r-1", 300), topUp("t-1", 200), limitedAgain("p-1")};
        applyAll(firstAttempt);
        intents.open.addAll(intents.recorded);

        List<Outcome> outcomes = applyAll(firstAttempt[0], firstAttempt[1], firstAttempt[2], topUp("t-2", 50));

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota())
                .as("only the top-up after the plan")
                .isEqualTo(1_050);
        assertThat(outcomes)
                .extracting(Outcome::result)
                .containsExactly(Result.NO_CHANGE, Result.NO_CHANGE, Result.APPLIED, Result.APPLIED);
    }

    /** The same batch, whose write never landed, is applied as on its first delivery. */
    @Test
    void quotaEventsBeforeAPlanThatLimitsTheTokenAgainAreNotAppliedWhenTheWriteNeverLanded() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));
        intents.open.add(Intent.of(42, List.of(), List.of(), 1_000, 0)
                .withUnlimitedWrite(Intent.UnlimitedWrite.MADE_LIMITED, key("p-1")));

        applyAll(refund("r-1", 300), topUp("t-1", 200), limitedAgain("p-1"), topUp("t-2", 50));

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota()).isEqualTo(1_050);
    }

    /**
     * Seen in the chaos soak (token 429): the plan that limited the token was the first event of its batch, and its
     * outcome was committed before the crash (a batch's outcomes commit record by record); delivered again without
     * the plan, the top-ups are decided from the limited token, and their write leaves it limited.
     */
    @Test
    void theTopUpsAfterAPlanThatLimitedTheTokenAreDeliveredAgainWithoutItOnTheLimitedToken() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));
        applyAll(limitedAgain("p-1"), topUp("t-1", 200));
        intents.open.addAll(intents.recorded);
        intents.committed.add(key("p-1"));

        List<Outcome> outcomes = applyAll(topUp("t-1", 200), topUp("t-2", 50));

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota()).isEqualTo(1_250);
        assertThat(outcomes).extracting(Outcome::result).containsExactly(Result.APPLIED, Result.APPLIED);
    }

    /**
     * The same batch delivered again in two, the plan in the second (a poll ended before it): the first decides from
     * the unlimited token, whose top-up and refund change nothing, and the plan limits the token once more.
     */
    @Test
    void theLandedBatchDeliveredAgainInTwoBatchesLeavesTheQuotaAsOnce() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));
        applyAll(refund("r-1", 300), topUp("t-1", 200), limitedAgain("p-1"));
        intents.open.addAll(intents.recorded);

        applyAll(refund("r-1", 300), topUp("t-1", 200));
        applyAll(limitedAgain("p-1"), topUp("t-2", 50));

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota()).isEqualTo(1_050);
    }

    /**
     * After the same crash, a security event of the token comes first: it neither decides from the unlimited token
     * (its write would make the token unlimited again) nor tells the plan's intent, which the batch delivered again
     * after it still needs.
     */
    @Test
    void aSecurityEventBeforeTheLandedBatchDeliveredAgainLeavesItsIntentToIt() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));
        TokenEvent[] firstAttempt = {refund("r-1", 300), topUp("t-1", 200), limitedAgain("p-1")};
        applyAll(firstAttempt);
        intents.open.addAll(intents.recorded);

        applyAll(CatalogueEvents.ipRestriction(
                envelope("ip-1", Catalogue.IP_RESTRICTION), AllowIps.of(List.of("10.0.0.0/8"))));

        assertThat(gateway.token(42).unlimitedQuota())
                .as("after the security event")
                .isFalse();
        assertThat(intents.open).as("the plan's intent, left open").hasSize(1);
        assertThat(intents.recorded).as("no guard beside the intent left open").hasSize(1);
        applyAll(firstAttempt);

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota()).isEqualTo(1_000);
    }

    /**
     * The plan's batch ended (its intent closed in memory, its outcomes still waiting), a narrowing of the token then
     * recorded its delta-0 intent and wrote; a SIGKILL came before either was closed on the ledger. Both are open
     * after the restore, and a delta-0 write moves no funded total: the plan's intent is told by the flag the
     * narrowing found, and its batch delivered again is decided from the unlimited token.
     */
    @Test
    void aPlansIntentFollowedByANarrowingsIsToldByTheFlag() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));
        TokenEvent[] firstAttempt = {refund("r-1", 300), topUp("t-1", 200), limitedAgain("p-1")};
        applyAll(firstAttempt);
        applyAll(CatalogueEvents.ipRestriction(
                envelope("ip-1", Catalogue.IP_RESTRICTION), AllowIps.of(List.of("10.0.0.0/8"))));
        assertThat(intents.recorded).as("the plan's and the narrowing's").hasSize(2);
        intents.open.addAll(intents.recorded);

        applyAll(firstAttempt);

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota()).isEqualTo(1_000);
    }

    /** The same two intents when the plan's write never landed: the narrowing found the token unlimited. */
    @Test
    void aPlansIntentThatNeverLandedFollowedByANarrowingsIsToldByTheFlag() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));
        intents.open.add(Intent.of(42, List.of(), List.of(), 1_000, 0)
                .withUnlimitedWrite(Intent.UnlimitedWrite.MADE_LIMITED, key("p-1")));
        intents.open.add(Intent.of(42, List.of(), List.of(), 1_000, 0).withUsedBefore(0));

        applyAll(refund("r-1", 300), topUp("t-1", 200), limitedAgain("p-1"));

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota())
                .as("decided from the token the plan found, unlimited: the refund and the top-up change nothing")
                .isEqualTo(1_000);
    }

    /**
     * A plan's intent kept with its fate LANDED (an event after the plan still to come) while the plan itself ended
     * FAILED in the batch that told it (parked, no done entry): the token is limited, and the batches after are
     * decided from it as it is, not from the unlimited token (their write would make it unlimited).
     */
    @Test
    void aPlansIntentToldBeforeDoesNotDecideLaterBatchesFromTheUnlimitedToken() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_050));
        intents.open.add(Intent.of(42, List.of(key("t-2")), List.of(Catalogue.TOPUP), 1_000, 50)
                .withUnlimitedWrite(Intent.UnlimitedWrite.MADE_LIMITED, key("p-1"))
                .told(Intent.Fate.LANDED));

        applyAll(topUp("t-2", 50), topUp("t-3", 100));

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota()).isEqualTo(1_150);
    }

    /**
     * The plan's write landed, the batch delivered again cut before the plan decided from the unlimited token and
     * recorded a write making it unlimited again, and a second crash came before that write: the newest flag change
     * that landed is the plan's, and the batch delivered again once more is decided from the unlimited token.
     */
    @Test
    void aPlanThatLandedFollowedByAnUnlimitingWriteThatDidNotDecidesFromTheUnlimitedToken() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));
        TokenEvent[] firstAttempt = {refund("r-1", 300), topUp("t-1", 200), limitedAgain("p-1")};
        applyAll(firstAttempt);
        Intent plan = intents.recorded.get(0);
        intents.open.add(plan);
        applyAll(firstAttempt[0], firstAttempt[1]);
        Intent unlimiting = intents.recorded.get(1);
        assertThat(unlimiting.unlimitedWrite()).isEqualTo(Intent.UnlimitedWrite.MADE_UNLIMITED);
        gateway.with(gateway.token(42).withUnlimitedQuota(false));
        intents.open.clear();
        intents.open.add(plan);
        intents.open.add(unlimiting);

        applyAll(firstAttempt);

        assertThat(gateway.token(42).unlimitedQuota()).isFalse();
        assertThat(gateway.token(42).remainQuota())
                .as("the refund and the top-up changed nothing on the unlimited token")
                .isEqualTo(1_000);
    }

    /**
     * Seen in the chaos run (token 878): a top-up's intent that never landed was left open, and a later intent of the
     * same top-up with a refund was recorded and told landed by a batch that did not know of the first. The first is
     * told by the next intent's funded total before, as in a chain, not by the funded total now, which the later
     * write moved: told so, it was neither landed nor not landed, and the top-up ended "cannot tell".
     */
    @Test
    void anIntentFollowedByOneWhoseFateWasToldIsToldByItsFundedTotalBefore() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_150));
        intents.open.add(Intent.of(42, List.of(key("t-1")), List.of(Catalogue.TOPUP), 1_000, 200));
        intents.open.add(
                Intent.of(42, List.of(key("t-1"), key("r-1")), List.of(Catalogue.TOPUP, Catalogue.REFUND), 1_000, 150)
                        .told(Intent.Fate.LANDED));

        List<Outcome> outcomes = applyAll(topUp("t-1", 200), refund("r-1", 50), topUp("t-2", 10));

        assertThat(outcomes)
                .extracting(Outcome::result)
                .containsExactly(Result.APPLIED, Result.APPLIED, Result.APPLIED);
        assertThat(gateway.token(42).remainQuota()).isEqualTo(1_160);
    }

    @Test
    void aWriteThatChangesUnlimitedQuotaIsWrittenUnderAnIntent() {
        gateway.with(CatalogueTableTest.enabled().withRemainQuota(1_000).withUnlimitedQuota(true));

        applyAll(limitedAgain("p-1"));

        assertThat(intents.recorded).singleElement().satisfies(intent -> {
            assertThat(intent.delta()).isZero();
            assertThat(intent.unlimitedWrite()).isEqualTo(Intent.UnlimitedWrite.MADE_LIMITED);
            assertThat(intent.unlimitedChangedBy()).isEqualTo(key("p-1"));
        });
    }

    private List<Outcome> applyAll(TokenEvent... events) {
        return CatalogueTableTest.applier(gateway)
                .applyAll(List.of(events), RECEIVED, intents, SecurityHolds.NONE, new HandOver());
    }

    private static EventEnvelope envelope(String id, String type) {
        return new EventEnvelope(SOURCE, id, type, RECEIVED, 42, FakeTokenGateway.USER_ID);
    }

    /** How intents name an event: by source and id. */
    private static String key(String id) {
        return envelope(id, Catalogue.REFUND).idempotencyKey();
    }

    private static TokenEvent refund(String id, long amount) {
        return new TokenEvent(envelope(id, Catalogue.REFUND), new EventData(Map.of("amount", amount)));
    }

    private static TokenEvent reset(String id, long quota) {
        return new TokenEvent(envelope(id, Catalogue.QUOTA_RESET), new EventData(Map.of("remain_quota", quota)));
    }

    private static TokenEvent limitedAgain(String id) {
        return new TokenEvent(envelope(id, Catalogue.PLAN_CHANGED), new EventData(Map.of("unlimited_quota", false)));
    }

    private static TokenEvent topUp(String id, long amount) {
        return CatalogueEvents.topUp(envelope(id, Catalogue.TOPUP), amount);
    }

    /** An intent log in memory: what was recorded, and what a test left open. */
    static class RecordingIntents implements IntentLog {

        final List<Intent> recorded = new ArrayList<>();
        final List<Intent> open = new ArrayList<>();
        final List<SecurityFacts> holds = new ArrayList<>();

        @Override
        public void record(Intent intent) {
            recorded.add(intent);
        }

        @Override
        public void recordHold(long userId, long tokenId, SecurityFacts facts) {
            holds.add(facts);
        }

        final Set<String> committed = new HashSet<>();

        @Override
        public boolean committed(String eventKey) {
            return committed.contains(eventKey);
        }

        @Override
        public List<Intent> open(long tokenId) {
            return List.copyOf(open);
        }

        @Override
        public void settle(Intent intent, long userId) {
            open.removeIf(o -> o.key().equals(intent.key()));
        }
    }
}
