package io.tokenpolicy.worker.apply;

import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.RECEIVED;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.USER;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.envelope;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.incident;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.ipRestriction;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.modelRestriction;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A sibling of bb1b8be: a narrowing whose intersection is empty decides to disable the token ("a narrowing that
 * disables does not count, since re-enabling would restore the wider list", design.md). On a token that an incident
 * already holds disabled, the same narrowing keeps the hold, so the incident's resolution re-enables the token with
 * the very allow_ips or models the narrowing found nothing in common with.
 */
class EmptyNarrowingOnHeldTokensTest {

    private static final AllowIps TEN = AllowIps.of(List.of("10.0.0.0/8"));

    private final LedgerLikeHolds holds = new LedgerLikeHolds(USER);
    private final FakeTokenGateway gateway = new FakeTokenGateway();

    @Test
    void unheldTokenWhoseNarrowingLeavesNothingStaysDisabledAfterAResolution() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));

        applyAll(ipRestriction("ip-1", "192.168.0.0/16"));
        applyAll(resolved("r-1"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void heldTokenWhoseIpNarrowingLeavesNothingStaysDisabledAfterTheResolution() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));
        applyAll(incident("i-1"));

        applyAll(ipRestriction("ip-1", "192.168.0.0/16"));
        List<Outcome> resolution = applyAll(resolved("r-1"));

        assertThat(gateway.token(42))
                .as(
                        "resolution %s reopened the token with allow_ips %s, which the restriction to 192.168.0.0/16"
                                + " shares nothing with",
                        resolution.get(0).result(), gateway.token(42).allowIps())
                .extracting(token -> token.status())
                .isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void heldTokenWhoseModelNarrowingLeavesNothingStaysDisabledAfterTheResolution() {
        gateway.with(CatalogueTableTest.enabled().withModelLimits(ModelLimits.only(List.of("gpt-a"))));
        applyAll(incident("i-1"));

        applyAll(modelRestriction("m-1", "gpt-b"));
        applyAll(resolved("r-1"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void emptyNarrowingBetweenAnIncidentAndItsResolutionInOneBatchLeavesTheTokenDisabled() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));

        applyAll(incident("i-1"), ipRestriction("ip-1", "192.168.0.0/16"), resolved("r-1"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void lowIncidentWithNetworksSharingNothingWithAHeldTokenStaysDisabledAfterTheResolution() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));
        applyAll(incident("i-1"));

        applyAll(CatalogueEvents.incident(
                envelope("i-2", Catalogue.INCIDENT),
                Severity.LOW,
                "odd traffic",
                Optional.of(AllowIps.of(List.of("192.168.0.0/16")))));
        applyAll(resolved("r-1"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
    }

    private List<Outcome> applyAll(TokenEvent... events) {
        return CatalogueTableTest.applier(gateway)
                .applyAll(List.of(events), RECEIVED, IntentLog.NONE, holds, new HandOver());
    }
}
