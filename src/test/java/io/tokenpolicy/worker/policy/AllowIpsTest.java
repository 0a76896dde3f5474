package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowIpsTest {

    @ParameterizedTest
    @CsvSource({
        "1.2.3.4, 1.2.3.4",
        "10.0.0.0/8, 10.0.0.0/8",
        "10.0.0.5/8, 10.0.0.0/8",
        "192.168.1.77/24, 192.168.1.0/24",
        "2001:db8::1, 2001:db8::1",
        "2001:DB8::/32, 2001:db8::/32",
        "2001:db8::1/64, 2001:db8::/64",
        "' 1.2.3.4 ', 1.2.3.4"
    })
    void strictEntryIsReadAsItsAddressOrBlock(String entry, String expected) {
        assertThat(AllowIps.of(List.of(entry)).entries()).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:0db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "0:0:0:0:0:0:0:01"})
    void ipv6GroupsWithLeadingZerosAreValidAsTheyAreForTheGateway(String entry) {
        assertThat(AllowIps.of(List.of(entry)).isUnrestricted()).isFalse();
        assertThat(AllowIps.fromGatewayText(entry).isUnrestricted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "1.2.3",
                "1.2.3.4-5",
                "1.2.*.*",
                "*",
                "01.2.3.4",
                "1.2.3.04",
                "10.0.0.0/33",
                "2001:db8::/129",
                "1.1.1.1,2.2.2.2",
                "1.2.3.4/255.0.0.0",
                "0x1.2.3.4",
                "fe80::1%eth0",
                "/8",
                "1.2.3.4/",
                "",
                "   ",
                "2001:00db8::1",
                "::ffff:01.2.3.4"
            })
    void invalidEntryIsRefused(String entry) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AllowIps.of(List.of(entry)))
                .withMessageContaining("is not an IP address or CIDR block");
    }

    @Test
    void oneInvalidEntryAmongValidOnesIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> AllowIps.of(List.of("1.2.3.4", "1.2.3")));
    }

    @Test
    void emptyListIsRefusedBecauseTheGatewayWouldReadItAsUnrestricted() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AllowIps.of(List.of()))
                .withMessageContaining("at least one entry");
    }

    @Test
    void gatewayTextSkipsInvalidLines() {
        AllowIps enforced = AllowIps.fromGatewayText("1.2.3.4\nnot-an-ip\n10.0.0.0/8\n1.2.3");

        assertThat(enforced.entries()).containsExactly("1.2.3.4", "10.0.0.0/8");
    }

    @Test
    void gatewayTextIsReadAsTheGatewayCleansIt() {
        AllowIps enforced = AllowIps.fromGatewayText(" 1.2. 3.4 \r\n10.0.0.0/8,\n\n");

        assertThat(enforced.entries()).containsExactly("1.2.3.4", "10.0.0.0/8");
    }

    @Test
    void aLoneCarriageReturnIsNoSeparatorSoTheEntryIsBrokenAsOnTheGateway() {
        AllowIps enforced = AllowIps.fromGatewayText("1.2.3.4\r5.6.7.8");

        assertThat(enforced.isUnrestricted()).isFalse();
        assertThat(enforced.entries()).isEmpty();
    }

    @Test
    void narrowingAStoredListBrokenByALoneCarriageReturnAdmitsNoOneItDidNotAdmit() {
        TokenState token = new TokenState(
                7,
                TokenStatus.ENABLED,
                100,
                false,
                AllowIps.fromGatewayText("1.2.3.4\r5.6.7.8"),
                -1,
                ModelLimits.NONE,
                "");

        Decision decision = new NarrowAllowIps(AllowIps.of(List.of("1.2.3.4"))).applyTo(token);

        assertThat(decision).isInstanceOfSatisfying(Decision.Apply.class, apply -> {
            assertThat(apply.after().allowIps()).isEqualTo(token.allowIps());
            assertThat(apply.after().status()).isEqualTo(TokenStatus.DISABLED);
        });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n", " \n \n"})
    void blankGatewayTextIsUnrestricted(String text) {
        assertThat(AllowIps.fromGatewayText(text).isUnrestricted()).isTrue();
    }

    @Test
    void gatewayTextWithOnlyInvalidEntriesIsNotReadAsUnrestricted() {
        // the gateway deletes the comma: "1.1.1.1,2.2.2.2" is one broken entry that admits nobody
        assertThat(AllowIps.fromGatewayText("1.1.1.1,2.2.2.2").isUnrestricted()).isFalse();
    }

    @Test
    void addressWithinBlockIntersectsToTheAddress() {
        assertThat(ips("10.1.2.3").intersect(ips("10.0.0.0/8"))).contains(ips("10.1.2.3"));
        assertThat(ips("10.0.0.0/8").intersect(ips("10.1.2.3"))).contains(ips("10.1.2.3"));
    }

    @Test
    void blockAndNarrowerBlockIntersectToTheNarrowerOne() {
        assertThat(ips("10.0.0.0/8").intersect(ips("10.20.0.0/16"))).contains(ips("10.20.0.0/16"));
        assertThat(ips("2001:db8::/32").intersect(ips("2001:db8:1::/48"))).contains(ips("2001:db8:1::/48"));
    }

    @Test
    void disjointSetsHaveNoIntersection() {
        assertThat(ips("10.0.0.0/8").intersect(ips("192.168.0.0/16"))).isEmpty();
        assertThat(ips("1.2.3.4").intersect(ips("1.2.3.5"))).isEmpty();
    }

    @Test
    void ipv4AndIpv6HaveNoIntersection() {
        assertThat(ips("0.0.0.0/0").intersect(ips("::/0"))).isEmpty();
        assertThat(ips("1.2.3.4").intersect(ips("::1.2.3.4"))).isEmpty();
    }

    @Test
    void unrestrictedIntersectsToTheOtherSide() {
        assertThat(AllowIps.unrestricted().intersect(ips("10.0.0.0/8"))).contains(ips("10.0.0.0/8"));
        assertThat(ips("10.0.0.0/8").intersect(AllowIps.unrestricted())).contains(ips("10.0.0.0/8"));
        assertThat(AllowIps.unrestricted().intersect(AllowIps.unrestricted())).contains(AllowIps.unrestricted());
    }

    @Test
    void multiEntrySetsIntersectEntryByEntry() {
        AllowIps token = ips("10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32");
        AllowIps requested = ips("10.5.0.0/16", "192.168.1.9", "172.16.0.0/12", "2001:db8:ab::1");

        assertThat(token.intersect(requested)).contains(ips("10.5.0.0/16", "192.168.1.9", "2001:db8:ab::1"));
    }

    @Test
    void intersectionIsNormalised() {
        AllowIps token = ips("10.0.0.0/8", "10.1.0.0/16");
        AllowIps requested = ips("10.1.2.0/24", "10.0.0.0/8");

        assertThat(token.intersect(requested).map(AllowIps::entries)).contains(List.of("10.0.0.0/8"));
    }

    @Test
    void entriesContainedInOthersAreDropped() {
        assertThat(ips("10.1.2.3", "10.0.0.0/8", "10.1.0.0/16", "1.1.1.1").entries())
                .containsExactly("1.1.1.1", "10.0.0.0/8");
    }

    @Test
    void duplicateEntriesAreKeptOnce() {
        assertThat(ips("1.1.1.1", "1.1.1.1", "10.0.0.5/8", "10.0.0.0/8").entries())
                .containsExactly("1.1.1.1", "10.0.0.0/8");
    }

    @Test
    void orderDoesNotDependOnInputOrder() {
        assertThat(ips("2001:db8::1", "9.9.9.9", "1.1.1.1").entries())
                .isEqualTo(ips("1.1.1.1", "2001:db8::1", "9.9.9.9").entries());
    }

    @Test
    void gatewayTextHasOneEntryPerLineAndNoCommas() {
        String text = ips("1.1.1.1", "10.0.0.0/8", "2001:db8::/32").toGatewayText();

        assertThat(text).doesNotContain(",").isEqualTo("1.1.1.1\n10.0.0.0/8\n2001:db8::/32");
        assertThat(AllowIps.fromGatewayText(text)).isEqualTo(ips("1.1.1.1", "10.0.0.0/8", "2001:db8::/32"));
    }

    @Test
    void unrestrictedHasEmptyGatewayText() {
        assertThat(AllowIps.unrestricted().toGatewayText()).isEmpty();
    }

    @Test
    void setsWithTheSameEntriesAreEqual() {
        assertThat(ips("10.0.0.5/8", "1.1.1.1"))
                .isEqualTo(ips("1.1.1.1", "10.0.0.0/8"))
                .hasSameHashCodeAs(ips("1.1.1.1", "10.0.0.0/8"));
        assertThat(ips("1.1.1.1")).isNotEqualTo(ips("1.1.1.2")).isNotEqualTo(AllowIps.unrestricted());
        assertThat(AllowIps.fromGatewayText("")).isEqualTo(AllowIps.unrestricted());
    }

    @Test
    void intersectionNeverAdmitsMoreThanEitherSide() {
        AllowIps token = ips("10.0.0.0/8", "2001:db8::/32");
        AllowIps requested = ips("0.0.0.0/0");

        Optional<AllowIps> narrowed = token.intersect(requested);

        assertThat(narrowed).contains(ips("10.0.0.0/8"));
    }

    private static AllowIps ips(String... entries) {
        return AllowIps.of(List.of(entries));
    }
}
