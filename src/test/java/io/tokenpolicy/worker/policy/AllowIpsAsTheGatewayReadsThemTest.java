package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's token API, newer servers: "allow_ips details: a line that is only commas or spaces becomes empty and is
 * dropped (a list of only such lines is no restriction); a lone CR is not a separator; a client's IPv4-mapped IPv6
 * address matches IPv4 entries."
 */
class AllowIpsAsTheGatewayReadsThemTest {

    @Test
    void linesOfOnlyCommasAndSpacesAreDropped() {
        assertThat(AllowIps.fromGatewayText(",,\n , ,\n").isUnrestricted()).isTrue();
        assertThat(AllowIps.fromGatewayText(",\n10.0.0.1\n ,").entries()).containsExactly("10.0.0.1");
    }

    @Test
    void aLoneCarriageReturnDoesNotSeparateEntries() {
        AllowIps stored = AllowIps.fromGatewayText("10.0.0.1\r10.0.0.2");

        assertThat(stored.isUnrestricted()).isFalse();
        assertThat(stored.entries()).isEmpty();
    }

    @Test
    void anIpv4MappedEntryAdmitsWhatItsIpv4AddressAdmits() {
        AllowIps stored = AllowIps.fromGatewayText("::ffff:10.1.2.3");

        assertThat(stored.intersect(AllowIps.of(List.of("10.0.0.0/8"))))
                .map(AllowIps::entries)
                .hasValue(List.of("10.1.2.3"));
    }

    @Test
    void anIpv4MappedClientIsWithinAnIpv4Entry() {
        AllowIps stored = AllowIps.fromGatewayText("10.0.0.0/8");

        assertThat(stored.intersect(AllowIps.of(List.of("::ffff:10.1.2.3"))))
                .map(AllowIps::entries)
                .hasValue(List.of("10.1.2.3"));
    }

    /**
     * A block of one address admits what the address admits (Go's {@code IPNet.Contains}): one-api stores a single
     * address only as {@code /32} or {@code /128}, and reading it back must show the address written, or every write's
     * answer would seem to differ from it.
     */
    @Test
    void aBlockOfOneAddressIsThatAddress() {
        assertThat(AllowIps.fromGatewayText("10.0.0.1/32\n2001:db8::1/128"))
                .isEqualTo(AllowIps.of(List.of("10.0.0.1", "2001:db8::1")));
    }
}
