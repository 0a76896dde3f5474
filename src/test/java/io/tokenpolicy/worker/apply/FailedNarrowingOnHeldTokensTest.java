package io.tokenpolicy.worker.apply;

import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.RECEIVED;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.USER;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.incident;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.ipRestriction;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A narrowing of a token an incident holds disabled whose write failed (gateway unavailable, retry budget spent;
 * parked on the DLT for replay) ends the hold, so that an incident_resolved arriving before the replay does not
 * re-enable the token with the allow_ips the narrowing meant to replace.
 */
class FailedNarrowingOnHeldTokensTest {

    private static final AllowIps TEN = AllowIps.of(List.of("10.0.0.0/8"));

    private final LedgerLikeHolds holds = new LedgerLikeHolds(USER);
    private final FakeTokenGateway gateway = new FakeTokenGateway();

    @Test
    void heldTokenWhoseNarrowingFailedIsNotReopenedWideByTheResolution() {
        gateway.with(CatalogueTableTest.enabled().withAllowIps(TEN));
        applyAll(incident("i-1"));
        gateway.failing("replace", 10, () -> new TransientGatewayException("HTTP 502"));

        List<Outcome> narrowing = applyAll(ipRestriction("ip-1", "10.1.0.0/16"));
        List<Outcome> resolution = applyAll(resolved("r-1"));

        assertThat(narrowing).singleElement().extracting(Outcome::result).isEqualTo(Result.FAILED);
        assertThat(gateway.token(42).status() == TokenStatus.DISABLED
                        || !gateway.token(42).allowIps().equals(TEN))
                .as(
                        "the narrowing to 10.1.0.0/16 is parked on the DLT; resolution %s re-enabled the token with %s",
                        resolution.get(0).result(), gateway.token(42).allowIps())
                .isTrue();
    }

    private List<Outcome> applyAll(TokenEvent... events) {
        return CatalogueTableTest.applier(gateway)
                .applyAll(List.of(events), RECEIVED, IntentLog.NONE, holds, new HandOver());
    }
}
