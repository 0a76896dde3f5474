package io.tokenpolicy.worker.policy;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Optional;

/**
 * One allow-list entry: a plain IPv4/IPv6 address or a CIDR block, in the forms the
 * gateway itself accepts (no wildcards, ranges, masks, zones or inet_aton shorthands; IPv6
 * groups may have leading zeros up to four hex digits, IPv4 octets may not, as in Go's parser).
 */
final class IpEntry {

    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder()
            .allowLeadingZeros(false)
            .allow_inet_aton(false)
            .getParentBuilder()
            .getIPv6AddressParametersBuilder()
            .allowZone(false)
            .allowLeadingZeros(true)
            .allowUnlimitedLeadingZeros(false)
            .getEmbeddedIPv4AddressParametersBuilder()
            .allowLeadingZeros(false)
            .allow_inet_aton(false)
            .getEmbeddedIPv4AddressParentBuilder()
            .getParentBuilder()
            .toParams();

    /** The bits before the IPv4 address in an IPv4-mapped IPv6 address. */
    private static final int IPV4_MAPPED_PREFIX = 96;

    private IpEntry() {}

    static IPAddress parse(String entry) {
        return tryParse(entry)
                .orElseThrow(() -> new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block"));
    }

    static Optional<IPAddress> tryParse(String entry) {
        if (entry == null || entry.isBlank()) {
            return Optional.empty();
        }
        IPAddress address = new IPAddressString(entry.strip(), STRICT).getAddress();
        if (address == null) {
            return Optional.empty();
        }
        IPAddress block = address.isPrefixed() ? address.toPrefixBlock() : address;
        return Optional.of(singleAddressUnprefixed(asIpv4IfMapped(block)));
    }

    /** A block of one address ({@code /32}, {@code /128}) is that address: it admits exactly what the address does. */
    private static IPAddress singleAddressUnprefixed(IPAddress address) {
        Integer prefix = address.getNetworkPrefixLength();
        return prefix != null && prefix == address.getBitCount() ? address.withoutPrefixLength() : address;
    }

    /**
     * An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}, or a block of them of prefix 96 or longer) as the IPv4
     * address or block it maps: Go's address checks compare the two as one ({@code net.IP.Equal}, {@code
     * IPNet.Contains}), so the gateway admits the IPv4 client for the mapped entry and the mapped client for the IPv4
     * entry, and a narrowing must find them in common.
     */
    private static IPAddress asIpv4IfMapped(IPAddress address) {
        if (!address.isIPv6() || !address.toIPv6().isIPv4Mapped()) {
            return address;
        }
        Integer prefix = address.getNetworkPrefixLength();
        if (prefix != null && prefix < IPV4_MAPPED_PREFIX) {
            return address;
        }
        IPAddress mapped = address.toIPv6().getEmbeddedIPv4Address();
        return prefix == null
                ? mapped.withoutPrefixLength()
                : mapped.setPrefixLength(prefix - IPV4_MAPPED_PREFIX, false).toPrefixBlock();
    }

    /**
     * An entry exactly as written, as Go's address parsers take it: any white space or other character outside
     * printable ASCII makes it no address (the parser used here would trim some of them itself).
     */
    static Optional<IPAddress> tryParseExact(String entry) {
        if (entry.isEmpty() || !entry.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            return Optional.empty();
        }
        return tryParse(entry);
    }

    /** Two CIDR blocks either nest or are disjoint, so their intersection is the smaller one or nothing. */
    static Optional<IPAddress> intersect(IPAddress a, IPAddress b) {
        if (a.getIPVersion() != b.getIPVersion()) {
            return Optional.empty();
        }
        if (a.contains(b)) {
            return Optional.of(b);
        }
        return b.contains(a) ? Optional.of(a) : Optional.empty();
    }

    static String format(IPAddress address) {
        return address.isPrefixed()
                ? address.toCanonicalString()
                : address.withoutPrefixLength().toCanonicalString();
    }
}
