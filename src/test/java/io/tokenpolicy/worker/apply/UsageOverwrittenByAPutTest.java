package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * design.md, "Usage that a PUT overwrites": "The PUT writes an absolute remain_quota computed from the GET; usage
 * that lands between the two is lost, and the token gains that much. [...] the worker sees the funded total above
 * F + D and writes remain_quota down by the excess". Every full PUT is corrected so, not only one that moves the quota:
 * an expiry, a plan change or a narrowing writes the quota it read back over the usage that landed meanwhile. At the
 * default rate limit a GET and its PUT can be far apart (the PUT queues for its turn), so the usage given away would be
 * whatever the token spent meanwhile.
 */
class UsageOverwrittenByAPutTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final long USAGE = 40_000;

    private final UsageBeforeTheFirstPut gateway =
            new UsageBeforeTheFirstPut(CatalogueTableTest.enabled().withRemainQuota(100_000), 250_000, USAGE);

    @Test
    void anExpiryChangeDoesNotGiveBackUsageThatLandedBetweenItsGetAndPut() {
        long fundedBefore = gateway.fundedTotal();

        Outcome outcome = apply(event("exp-1", Catalogue.EXPIRY_SET, Map.of("expired_time", 4_200_000_000L)));

        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(gateway.fundedTotal())
                .as(
                        "remain_quota %s, used_quota %s: the PUT wrote back the %s quota used meanwhile",
                        gateway.token.remainQuota(), gateway.used, USAGE)
                .isEqualTo(fundedBefore);
    }

    @Test
    void aNarrowingDoesNotGiveBackUsageThatLandedBetweenItsGetAndPut() {
        long fundedBefore = gateway.fundedTotal();

        apply(CatalogueEvents.ipRestriction(
                envelope("ip-1", Catalogue.IP_RESTRICTION), AllowIps.of(List.of("10.0.0.0/8"))));

        assertThat(gateway.fundedTotal()).isEqualTo(fundedBefore);
    }

    @Test
    void aTopUpAddsExactlyItsAmountDespiteUsageBetweenItsGetAndPut() {
        long fundedBefore = gateway.fundedTotal();

        apply(CatalogueEvents.topUp(envelope("t-1", Catalogue.TOPUP), 5_000));

        assertThat(gateway.fundedTotal()).isEqualTo(fundedBefore + 5_000);
    }

    /**
     * new-api spends an unlimited token's quota too (remain_quota down, used_quota up, below 0 if need be), so a PUT
     * over usage gives it back as well; a later plan that limits the token again would find that much more quota.
     */
    @Test
    void anUnlimitedTokenDoesNotGetBackUsageThatLandedBetweenItsGetAndPut() {
        UsageBeforeTheFirstPut unlimited = new UsageBeforeTheFirstPut(
                CatalogueTableTest.enabled().withUnlimitedQuota(true).withRemainQuota(10_000), 250_000, USAGE);
        long fundedBefore = unlimited.fundedTotal();

        Outcome outcome =
                apply(unlimited, event("exp-1", Catalogue.EXPIRY_SET, Map.of("expired_time", 4_200_000_000L)));

        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(unlimited.fundedTotal())
                .as("remain_quota %s: an unlimited token's quota may go below 0", unlimited.token.remainQuota())
                .isEqualTo(fundedBefore);
    }

    /**
     * A limited token's PUT may not go below 0: usage beyond its quota is taken back down to 0 in one correction, and
     * the rest is left (with a warning) instead of writing 0 again and again.
     */
    @Test
    void usageBeyondALimitedTokensQuotaIsTakenBackToZeroInOneCorrection() {
        UsageBeforeTheFirstPut nearlySpent =
                new UsageBeforeTheFirstPut(CatalogueTableTest.enabled().withRemainQuota(10_000), 250_000, USAGE);

        apply(nearlySpent, event("exp-1", Catalogue.EXPIRY_SET, Map.of("expired_time", 4_200_000_000L)));

        assertThat(nearlySpent.token.remainQuota()).isZero();
        assertThat(nearlySpent.puts).as("the write and one correction").isEqualTo(2);
    }

    @Test
    void aPlanThatMakesATokenUnlimitedDoesNotGiveBackUsageThatLandedBetweenItsGetAndPut() {
        long fundedBefore = gateway.fundedTotal();

        apply(event("plan-1", Catalogue.PLAN_CHANGED, Map.of("unlimited_quota", true)));

        assertThat(gateway.fundedTotal()).isEqualTo(fundedBefore);
    }

    /** After a restart, a top-up whose PUT landed over usage is told landed, and that usage is taken back. */
    @Test
    void aRestartTakesBackTheUsageALandedTopUpOverwrote() {
        UsageBeforeTheFirstPut landed =
                new UsageBeforeTheFirstPut(CatalogueTableTest.enabled().withRemainQuota(105_000), 290_000, 0);
        QuotaIntentsTest.RecordingIntents intents = new QuotaIntentsTest.RecordingIntents();
        intents.open.add(Intent.of(42, List.of("/test t-1"), List.of(Catalogue.TOPUP), 350_000, 5_000)
                .withUsedBefore(250_000));

        CatalogueTableTest.applier(landed, RuleSet.catalogue(), NOW)
                .applyAll(
                        List.of(CatalogueEvents.topUp(envelope("t-1", Catalogue.TOPUP), 5_000)),
                        NOW,
                        intents,
                        SecurityHolds.NONE,
                        new HandOver());

        assertThat(landed.fundedTotal()).isEqualTo(355_000);
    }

    /**
     * A refund whose PUT landed over more usage than its amount leaves a funded total above the one it found: neither
     * "landed" (moved down by the refund) nor "not landed" (unchanged) as they read without usage. The usage since its
     * read tells it landed, and that usage is taken back.
     */
    @Test
    void aRestartTellsARefundLandedThatOverwroteMoreUsageThanItsAmount() {
        // the refund of 5,000 was written as remain 95,000 over 10,000 of usage that landed between its GET and PUT
        UsageBeforeTheFirstPut landed =
                new UsageBeforeTheFirstPut(CatalogueTableTest.enabled().withRemainQuota(95_000), 260_000, 0);
        QuotaIntentsTest.RecordingIntents intents = new QuotaIntentsTest.RecordingIntents();
        intents.open.add(refundRead350000());

        Outcome outcome = CatalogueTableTest.applier(landed, RuleSet.catalogue(), NOW)
                .applyAll(List.of(refund()), NOW, intents, SecurityHolds.NONE, new HandOver())
                .get(0);

        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(landed.fundedTotal()).as("350,000 less the refund").isEqualTo(345_000);
    }

    /**
     * A refund reported FAILED whose PUT never landed, its token found hours later with someone else's raise below the
     * usage since: the funded total alone cannot tell, and nobody's quota is taken away.
     */
    @Test
    void aReportedRefundThatDidNotLandIsNotToldLandedOverSomeoneElsesRaise() {
        // read: remain 100,000, used 250,000; not landed; 20,000 raised by someone else; 30,000 used since
        UsageBeforeTheFirstPut token =
                new UsageBeforeTheFirstPut(CatalogueTableTest.enabled().withRemainQuota(90_000), 280_000, 0);
        QuotaIntentsTest.RecordingIntents intents = new QuotaIntentsTest.RecordingIntents();
        intents.open.add(refundRead350000().reportedWithoutEffect());

        CatalogueTableTest.applier(token, RuleSet.catalogue(), NOW)
                .applyAll(List.of(refund()), NOW, intents, SecurityHolds.NONE, new HandOver());

        assertThat(token.fundedTotal()).as("someone else's 20,000 kept").isEqualTo(370_000);
    }

    /**
     * A hand-over that begins while a refund's PUT is under way leaves no time for its correction, a write whose settle
     * time would outlast the drain: the next owner tells the refund landed and takes back the usage it overwrote.
     */
    @Test
    void aRefundHandedOverDuringItsPutLeavesItsCorrectionToTheNextOwner() {
        UsageBeforeTheFirstPut token =
                new UsageBeforeTheFirstPut(CatalogueTableTest.enabled().withRemainQuota(100_000), 250_000, 10_000);
        HandOver handOver = new HandOver();
        // the applier's calls take at most 1 s, and a write in doubt settles 1 s after: no write fits in 1.5 s
        TokenGateway handedOverDuringThePut =
                new HandedOverDuringTheFirstPut(token, handOver, Duration.ofMillis(1_500));
        QuotaIntentsTest.RecordingIntents ledger = new QuotaIntentsTest.RecordingIntents();

        assertThatThrownBy(() -> CatalogueTableTest.applier(handedOverDuringThePut, RuleSet.catalogue(), NOW)
                        .applyAll(List.of(refund()), NOW, ledger, SecurityHolds.NONE, handOver))
                .isInstanceOf(WorkHandedOver.class);
        assertThat(token.puts).as("the refund's PUT, and no correction").isEqualTo(1);
        ledger.open.addAll(ledger.recorded);
        CatalogueTableTest.applier(token, RuleSet.catalogue(), NOW)
                .applyAll(List.of(refund()), NOW, ledger, SecurityHolds.NONE, new HandOver());

        assertThat(token.fundedTotal()).as("350,000 less the refund").isEqualTo(345_000);
    }

    /**
     * Seen in the chaos soak: an expiry change's PUT landed over usage and the worker was killed before it read the
     * answer, so the excess was never taken back, and the event delivered again found nothing left to write. The
     * write's intent, recorded before it although it moves no quota, tells the next batch what to take back.
     */
    @Test
    void aRestartTakesBackTheUsageALandedExpiryChangeOverwrote() {
        UsageBeforeTheFirstPut landed = new UsageBeforeTheFirstPut(
                CatalogueTableTest.enabled().withRemainQuota(100_000).withExpiredTime(4_200_000_000L), 290_000, 0);
        QuotaIntentsTest.RecordingIntents intents = new QuotaIntentsTest.RecordingIntents();
        intents.open.add(Intent.of(42, List.of(), List.of(), 350_000, 0).withUsedBefore(250_000));

        Outcome outcome = CatalogueTableTest.applier(landed, RuleSet.catalogue(), NOW)
                .applyAll(
                        List.of(event("exp-1", Catalogue.EXPIRY_SET, Map.of("expired_time", 4_200_000_000L))),
                        NOW,
                        intents,
                        SecurityHolds.NONE,
                        new HandOver())
                .get(0);

        assertThat(landed.fundedTotal()).isEqualTo(350_000);
        assertThat(outcome.result()).isEqualTo(Result.NO_CHANGE);
    }

    @Test
    void aFullPutThatMovesNoQuotaIsWrittenUnderAnIntentToo() {
        QuotaIntentsTest.RecordingIntents intents = new QuotaIntentsTest.RecordingIntents();

        CatalogueTableTest.applier(gateway, RuleSet.catalogue(), NOW)
                .applyAll(
                        List.of(event("exp-1", Catalogue.EXPIRY_SET, Map.of("expired_time", 4_200_000_000L))),
                        NOW,
                        intents,
                        SecurityHolds.NONE,
                        new HandOver());

        assertThat(intents.recorded).singleElement().satisfies(intent -> {
            assertThat(intent.delta()).isZero();
            assertThat(intent.eventIds()).isEmpty();
            assertThat(intent.usedBefore()).isEqualTo(250_000);
        });
    }

    /**
     * Seen in the full chaos run (tokens 9 and 338): a narrowing of the security lane whose PUT landed over usage just
     * before a SIGKILL kept that usage, since it recorded no intent; delivered again, it found nothing left to write.
     */
    @Test
    void aNarrowingOfTheSecurityLaneIsWrittenUnderAnIntentToo() {
        QuotaIntentsTest.RecordingIntents intents = new QuotaIntentsTest.RecordingIntents();

        CatalogueTableTest.applier(gateway, RuleSet.catalogue(), NOW)
                .applyAll(List.of(ipRestriction()), NOW, intents, SecurityHolds.NONE, new HandOver());

        assertThat(intents.recorded).singleElement().satisfies(intent -> {
            assertThat(intent.delta()).isZero();
            assertThat(intent.usedBefore()).isEqualTo(250_000);
        });
    }

    @Test
    void aRestartTakesBackTheUsageALandedNarrowingOverwrote() {
        UsageBeforeTheFirstPut landed = new UsageBeforeTheFirstPut(
                CatalogueTableTest.enabled().withRemainQuota(100_000).withAllowIps(AllowIps.of(List.of("10.0.0.0/8"))),
                290_000,
                0);
        QuotaIntentsTest.RecordingIntents intents = new QuotaIntentsTest.RecordingIntents();
        intents.open.add(Intent.of(42, List.of(), List.of(), 350_000, 0).withUsedBefore(250_000));

        Outcome outcome = CatalogueTableTest.applier(landed, RuleSet.catalogue(), NOW)
                .applyAll(List.of(ipRestriction()), NOW, intents, SecurityHolds.NONE, new HandOver())
                .get(0);

        assertThat(landed.fundedTotal()).isEqualTo(350_000);
        assertThat(outcome.result()).isEqualTo(Result.NO_CHANGE);
    }

    /**
     * An intent that moves neither the quota nor {@code unlimited_quota} only guards the usage its write overwrites: a
     * ledger that cannot take it does not keep the narrowing from being written.
     */
    @Test
    void aNarrowingIsWrittenWhenTheLedgerCannotTakeItsIntent() {
        Outcome outcome = CatalogueTableTest.applier(gateway, RuleSet.catalogue(), NOW)
                .applyAll(List.of(ipRestriction()), NOW, new LedgerDown(), SecurityHolds.NONE, new HandOver())
                .get(0);

        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(gateway.token.allowIps()).isEqualTo(AllowIps.of(List.of("10.0.0.0/8")));
    }

    /**
     * A plan's write that made the token limited landed over usage before a SIGKILL, and a narrowing of the token came
     * first: the security lane leaves the plan's intent to the billing batch, and records no guard beside it, so that
     * the plan's intent is still the newest when that batch comes and takes back what its write overwrote.
     */
    @Test
    void aNarrowingBesideAPlansOpenIntentLeavesItTheUsageThePlanOverwrote() {
        UsageBeforeTheFirstPut landed =
                new UsageBeforeTheFirstPut(CatalogueTableTest.enabled().withRemainQuota(100_000), 290_000, 0);
        QuotaIntentsTest.RecordingIntents intents = new QuotaIntentsTest.RecordingIntents();
        TokenEvent plan = event("p-1", Catalogue.PLAN_CHANGED, Map.of("unlimited_quota", false));
        intents.open.add(Intent.of(42, List.of(), List.of(), 350_000, 0)
                .withUsedBefore(250_000)
                .withUnlimitedWrite(
                        Intent.UnlimitedWrite.MADE_LIMITED, plan.envelope().idempotencyKey()));
        TokenEventApplier applier = CatalogueTableTest.applier(landed, RuleSet.catalogue(), NOW);

        applier.applyAll(List.of(ipRestriction()), NOW, intents, SecurityHolds.NONE, new HandOver());
        intents.open.addAll(intents.recorded);
        applier.applyAll(List.of(plan), NOW, intents, SecurityHolds.NONE, new HandOver());

        assertThat(landed.fundedTotal()).isEqualTo(350_000);
    }

    /**
     * Seen in the full chaos run (token 325, 3 above the model): the status-only disable's answer showed the usage that
     * had landed since the read, and the writer took that for a change of the token's fields: it wrote them back with
     * a full PUT, the quota as read over that usage, under no intent; the worker was stopped before the correction.
     */
    @Test
    void aDisableWritesTheStatusAloneWhenUsageLandedSinceTheRead() {
        long fundedBefore = gateway.fundedTotal();

        Outcome outcome = apply(event("inc-1", Catalogue.INCIDENT, Map.of("severity", "high")));

        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(gateway.token.status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(gateway.puts).as("full PUTs").isZero();
        assertThat(gateway.fundedTotal()).isEqualTo(fundedBefore);
    }

    /** A top-up's intent is what keeps it from being paid twice: without it, nothing is written. */
    @Test
    void aTopUpIsNotWrittenWhenTheLedgerCannotTakeItsIntent() {
        long remainBefore = gateway.token.remainQuota();

        assertThatThrownBy(() -> CatalogueTableTest.applier(gateway, RuleSet.catalogue(), NOW)
                        .applyAll(
                                List.of(CatalogueEvents.topUp(envelope("t-1", Catalogue.TOPUP), 5_000)),
                                NOW,
                                new LedgerDown(),
                                SecurityHolds.NONE,
                                new HandOver()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(gateway.puts).isZero();
        assertThat(gateway.token.remainQuota()).isEqualTo(remainBefore);
    }

    /** The intent of {@link #refund()} of 5,000, its read remain 100,000 and used 250,000 (funded 350,000). */
    private static Intent refundRead350000() {
        return Intent.of(42, List.of("/test r-1"), List.of(Catalogue.REFUND), 350_000, -5_000)
                .withUsedBefore(250_000);
    }

    private static TokenEvent refund() {
        return event("r-1", Catalogue.REFUND, Map.of("amount", 5_000L));
    }

    private static TokenEvent ipRestriction() {
        return CatalogueEvents.ipRestriction(
                envelope("ip-1", Catalogue.IP_RESTRICTION), AllowIps.of(List.of("10.0.0.0/8")));
    }

    /** An intent log whose ledger does not acknowledge in time, as {@code ledger.KafkaIntentLog} then throws. */
    private static final class LedgerDown extends QuotaIntentsTest.RecordingIntents {
        @Override
        public void record(Intent intent) {
            throw new IllegalStateException("could not record the intent for token 42 on the ledger");
        }
    }

    private Outcome apply(TokenEvent event) {
        return apply(gateway, event);
    }

    private static Outcome apply(TokenGateway gateway, TokenEvent event) {
        return CatalogueTableTest.applier(gateway, RuleSet.catalogue(), NOW).apply(event, NOW);
    }

    private static TokenEvent event(String id, String type, Map<String, Object> data) {
        return new TokenEvent(envelope(id, type), new EventData(data));
    }

    private static EventEnvelope envelope(String id, String type) {
        return new EventEnvelope("/test", id, type, NOW, 42, FakeTokenGateway.USER_ID);
    }

    /** One token with its used_quota, as new-api keeps it; {@code usage} lands once, just before the first write. */
    private static final class UsageBeforeTheFirstPut implements TokenGateway {
        private TokenState token;
        private long used;
        private long pendingUsage;
        private int puts;

        UsageBeforeTheFirstPut(TokenState token, long used, long usage) {
            this.token = token;
            this.used = used;
            this.pendingUsage = usage;
        }

        long fundedTotal() {
            return token.remainQuota() + used;
        }

        @Override
        public boolean canActFor(long userId) {
            return true;
        }

        @Override
        public StoredToken read(long userId, long tokenId) {
            return answer();
        }

        @Override
        public StoredToken replace(StoredToken current, TokenState desired) {
            puts++;
            usageLands();
            token = desired.withStatus(token.status());
            return answer();
        }

        @Override
        public StoredToken changeStatus(StoredToken current, TokenStatus status) {
            usageLands();
            token = token.withStatus(status);
            return answer();
        }

        private void usageLands() {
            token = token.withRemainQuota(token.remainQuota() - pendingUsage);
            used += pendingUsage;
            pendingUsage = 0;
        }

        private StoredToken answer() {
            return new Answer(FakeTokenGateway.USER_ID, token, used);
        }
    }

    private record Answer(long userId, TokenState state, long usedQuota) implements StoredToken {}

    /** {@code token}, whose first full PUT begins the hand-over, to be done {@code within}. */
    private record HandedOverDuringTheFirstPut(TokenGateway token, HandOver handOver, Duration within)
            implements TokenGateway {
        @Override
        public boolean canActFor(long userId) {
            return true;
        }

        @Override
        public StoredToken read(long userId, long tokenId) {
            return token.read(userId, tokenId);
        }

        @Override
        public StoredToken replace(StoredToken current, TokenState desired) {
            handOver.begin(within);
            return token.replace(current, desired);
        }

        @Override
        public StoredToken changeStatus(StoredToken current, TokenStatus status) {
            return token.changeStatus(current, status);
        }
    }
}
