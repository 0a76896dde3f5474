package io.tokenpolicy.worker.apply;

import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.RECEIVED;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.USER;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.envelope;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.incident;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.ipRestriction;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.PolicyView;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The applier keeps what the policy decided for a token's fields, and the funded total it expects, with its outcome. */
class PolicyViewOfATokenTest {

    private final FakeTokenGateway gateway = new FakeTokenGateway().with(CatalogueTableTest.enabled());
    private final LedgerLikeHolds holds = new LedgerLikeHolds(USER);
    private final RecordingViews views = new RecordingViews();

    @Test
    void anIncidentDecidesTheStatusForSecurityWithItsEventAndWhy() {
        applyAll(incident("i-1"));

        PolicyView view = views.of(42);
        assertThat(view.status()).hasValueSatisfying(status -> {
            assertThat(status.status()).isEqualTo(TokenStatus.DISABLED);
            assertThat(status.security()).isTrue();
            assertThat(status.why()).contains("security.incident").contains("key leaked");
        });
        assertThat(view.allowIps()).isEmpty();
        assertThat(view.fundedTotal()).isEmpty();
        assertThat(views.carriedBy).containsExactly("/security i-1");
    }

    @Test
    void aTopUpSetsTheFundedTotalItLeavesAndKeepsWhatWasDecidedBefore() {
        applyAll(ipRestriction("ip-1", "10.0.0.0/8"));
        applyAll(CatalogueEvents.topUp(envelope("t-1", Catalogue.TOPUP), 500));

        PolicyView view = views.of(42);
        assertThat(view.allowIps()).contains(AllowIps.of(List.of("10.0.0.0/8")));
        assertThat(view.fundedTotal()).isEqualTo(OptionalLong.of(1_500));
        assertThat(view.status()).isEmpty();
    }

    @Test
    void aResolutionDecidesTheTokenEnabledAndNoLongerStoppedForSecurity() {
        applyAll(incident("i-1"));
        applyAll(resolved("r-1"));

        assertThat(views.of(42).status()).hasValueSatisfying(status -> {
            assertThat(status.status()).isEqualTo(TokenStatus.ENABLED);
            assertThat(status.security()).isFalse();
        });
    }

    /**
     * Each record's outcome commits with its own offset: carried by a later event, the view would be lost with a crash
     * before that one's commit while the first event counts done, and its decisions would be missing from the view.
     */
    @Test
    void aBatchsViewGoesWithItsFirstAppliedEventWhoseOutcomeCommitsNoLaterThanTheOthers() {
        applyAll(incident("i-1"), ipRestriction("ip-1", "10.0.0.0/8"));

        assertThat(views.of(42).allowIps()).contains(AllowIps.of(List.of("10.0.0.0/8")));
        assertThat(views.carriedBy).containsExactly("/security i-1");
    }

    @Test
    void aWriteThatFailedChangesNoView() {
        gateway.failing("read", 1, () -> new PermanentGatewayException("refused"));

        applyAll(ipRestriction("ip-1", "10.0.0.0/8"));

        assertThat(views.carriedBy).isEmpty();
    }

    @Test
    void anEventThatChangesNothingLeavesTheViewAsItWas() {
        applyAll(incident("i-1"));
        applyAll(incident("i-2"));

        assertThat(views.carriedBy).containsExactly("/security i-1");
    }

    private void applyAll(TokenEvent... events) {
        CatalogueTableTest.applier(gateway)
                .applyAll(List.of(events), RECEIVED, IntentLog.NONE, holds, views, new HandOver(), () -> false);
    }

    private static final class RecordingViews implements PolicyViews {
        private final Map<Long, PolicyView> views = new HashMap<>();
        private final List<String> carriedBy = new ArrayList<>();

        PolicyView of(long tokenId) {
            return views.getOrDefault(tokenId, PolicyView.NONE);
        }

        @Override
        public PolicyView view(long userId, long tokenId) {
            return userId == USER ? of(tokenId) : PolicyView.NONE;
        }

        @Override
        public void record(long userId, long tokenId, PolicyView view, String eventKey) {
            views.put(tokenId, view);
            carriedBy.add(eventKey);
        }
    }
}
