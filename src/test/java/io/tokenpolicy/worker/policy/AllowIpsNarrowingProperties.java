package io.tokenpolicy.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Narrowing allow_ips, over random lists of IPv4/IPv6 addresses and CIDR blocks drawn from a
 * small space so that they overlap often: the result admits exactly what both lists admit,
 * and a token is never left with an empty (= unrestricted) list.
 */
class AllowIpsNarrowingProperties {

    @Property(tries = 500)
    void narrowedListAdmitsExactlyWhatBothAdmit(
            @ForAll("tokenLists") String current,
            @ForAll("requestLists") List<String> requested,
            @ForAll("addresses") List<String> probes) {
        AllowIps now = AllowIps.fromGatewayText(current);
        AllowIps asked = AllowIps.of(requested);

        Optional<AllowIps> narrowed = now.intersect(asked);

        for (String probe : probes) {
            boolean both = admits(now, probe) && admits(asked, probe);
            assertThat(narrowed.map(result -> admits(result, probe)).orElse(false))
                    .as(probe)
                    .isEqualTo(both);
        }
    }

    @Property(tries = 500)
    void narrowingNeverWritesAnEmptyListAndDisablesInstead(
            @ForAll("tokenLists") String current, @ForAll("requestLists") List<String> requested) {
        TokenState token = new TokenState(1, TokenStatus.ENABLED, 10, false, AllowIps.fromGatewayText(current));

        Decision decision = new NarrowAllowIps(AllowIps.of(requested)).applyTo(token);

        TokenState after = ((Decision.Apply) decision).after();
        assertThat(after.allowIps().isUnrestricted()).isFalse();
        if (!after.allowIps().equals(token.allowIps())) {
            assertThat(after.allowIps().entries()).isNotEmpty();
            assertThat(after.allowIps().toGatewayText()).isNotBlank();
        }
        if (token.allowIps().intersect(AllowIps.of(requested)).isEmpty()) {
            assertThat(after).isEqualTo(token.withStatus(TokenStatus.DISABLED));
        }
    }

    @Property(tries = 300)
    void writtenTextIsOneValidEntryPerLineAndReadsBackTheSame(@ForAll("requestLists") List<String> requested) {
        AllowIps ips = AllowIps.of(requested);

        String text = ips.toGatewayText();

        assertThat(text).doesNotContain(",").doesNotContain(" ");
        assertThat(text.lines()).allSatisfy(line -> assertThat(new IPAddressString(line).isValid())
                .isTrue());
        assertThat(AllowIps.fromGatewayText(text)).isEqualTo(ips);
    }

    @Property(tries = 300)
    void narrowingTwiceByTheSameListChangesNothingMore(
            @ForAll("tokenLists") String current, @ForAll("requestLists") List<String> requested) {
        TokenState token = new TokenState(
                1,
                TokenStatus.ENABLED,
                10,
                false,
                AllowIps.fromGatewayText(current),
                TokenState.NEVER,
                ModelLimits.NONE,
                "");
        NarrowAllowIps narrowing = new NarrowAllowIps(AllowIps.of(requested));

        TokenState once = ((Decision.Apply) narrowing.applyTo(token)).after();
        TokenState twice = ((Decision.Apply) narrowing.applyTo(once)).after();

        assertThat(twice).isEqualTo(once);
    }

    @Provide
    Arbitrary<String> tokenLists() {
        Arbitrary<String> restricted =
                entry().list().ofMinSize(1).ofMaxSize(4).map(entries -> String.join("\n", entries));
        return Arbitraries.oneOf(Arbitraries.just(""), restricted, Arbitraries.just("1.1.1.1,2.2.2.2"));
    }

    @Provide
    Arbitrary<List<String>> requestLists() {
        return entry().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<String>> addresses() {
        Arbitrary<String> v4 = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 255))
                .as((b, c, d) -> "10." + b + "." + c + "." + d);
        Arbitrary<String> v6 = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3))
                .as((group, host) -> "2001:db8:" + group + "::" + host);
        return Arbitraries.oneOf(v4, v6).list().ofMinSize(1).ofMaxSize(20);
    }

    private static Arbitrary<String> entry() {
        Arbitrary<String> v4 = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.of("", "/8", "/16", "/24", "/30", "/32"))
                .as((b, c, d, prefix) -> "10." + b + "." + c + "." + d + prefix);
        Arbitrary<String> v6 = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of("", "/32", "/48", "/126", "/128"))
                .as((group, host, prefix) -> "2001:db8:" + group + "::" + host + prefix);
        return Arbitraries.frequencyOf(Tuple.of(4, v4), Tuple.of(1, v6));
    }

    /** What the gateway admits for a stored list: unrestricted admits all, otherwise any block containing it. */
    private static boolean admits(AllowIps ips, String address) {
        if (ips.isUnrestricted()) {
            return true;
        }
        IPAddress probe = new IPAddressString(address).getAddress();
        return ips.entries().stream()
                .map(entry -> new IPAddressString(entry).getAddress().toPrefixBlock())
                .anyMatch(block -> block.getIPVersion() == probe.getIPVersion() && block.contains(probe));
    }
}
