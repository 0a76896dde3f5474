package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AllowIps#fromGatewayText} promises "what the gateway enforces for a stored allow_ips text". new-api's
 * {@code Token.GetIpLimits} (docs/operations.md, "The gateway's token API"; model/token.go upstream) deletes ASCII spaces, splits on LF, then trims
 * each line with Go's {@code strings.TrimSpace} (Unicode White_Space: also NBSP U+00A0, NEL U+0085, U+2000..U+200A,
 * U+202F, U+3000 ...; not U+001C..U+001F) and only then deletes commas. The worker trims with Java's
 * {@code String.strip} (no NBSP, NEL, U+2007 or U+202F; but U+001C..U+001F) and deletes commas first. Where the two
 * differ, the worker narrows a list the gateway does not hold.
 */
class GatewayAllowIpsReadingTest {

    private static final TokenState BASE =
            new TokenState(42, TokenStatus.ENABLED, 1_000, false, AllowIps.unrestricted());

    @Test
    void aLineEndingInANoBreakSpaceIsAnAddressTheGatewayAdmits() {
        assertThat(AllowIps.fromGatewayText("10.0.0.1\n203.0.113.7\u00a0").entries())
                .containsExactlyInAnyOrder("10.0.0.1", "203.0.113.7");
    }

    @Test
    void narrowingATokenWhoseListHasANoBreakSpaceLineRemovesThatAddress() {
        // A list pasted from a web page: the gateway admits 203.0.113.7 (TrimSpace removes the NBSP)
        TokenState token = BASE.withAllowIps(AllowIps.fromGatewayText("10.0.0.1\n203.0.113.7\u00a0"));

        Decision decision = new NarrowAllowIps(AllowIps.of(List.of("10.0.0.0/8"))).applyTo(token);

        assertThat(decision).isInstanceOf(Decision.Apply.class);
        assertThat(((Decision.Apply) decision).after())
                .as(
                        "'%s': the gateway keeps admitting 203.0.113.7, outside the requested 10.0.0.0/8",
                        decision.reason())
                .isNotEqualTo(token);
    }

    @Test
    void narrowingNeverAdmitsAnAddressTheGatewayDidNotAdmitBefore() {
        // Go's TrimSpace leaves U+001F, and a tab after a leading comma (commas are deleted only after trimming):
        // the gateway holds 10.0.0.0/8 and a broken entry that admits no one.
        for (String stored : List.of("10.0.0.0/8\n203.0.113.7\u001f", "10.0.0.0/8\n,\t203.0.113.7")) {
            TokenState token = BASE.withAllowIps(AllowIps.fromGatewayText(stored));

            Decision decision = new NarrowAllowIps(AllowIps.of(List.of("203.0.113.0/24"))).applyTo(token);

            TokenState after = ((Decision.Apply) decision).after();
            assertThat(after.status())
                    .as(
                            "stored %s read as %s, narrowed to %s (%s): 203.0.113.7 is admitted now and was not before",
                            stored.replace("\n", "\\n"), token.allowIps(), after.allowIps(), decision.reason())
                    .isEqualTo(TokenStatus.DISABLED);
        }
    }

    @Test
    void aListOfOnlyUnitSeparatorsIsABrokenRestrictionNotNone() {
        assertThat(AllowIps.fromGatewayText("\u001f").isUnrestricted()).isFalse();
    }
}
