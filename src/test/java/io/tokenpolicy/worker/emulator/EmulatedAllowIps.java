package io.tokenpolicy.worker.emulator;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The server's reading of {@code allow_ips}: spaces stripped, commas deleted, one entry per line.
 * Every non-empty entry restricts, but an entry that is not an address or a CIDR never matches:
 * a list of only broken entries blocks everyone. An empty or null list means no restriction.
 */
final class EmulatedAllowIps {

    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowPrefixOnly(false)
            .allowMask(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false)
            .toParams();

    private EmulatedAllowIps() {}

    /** What the server stores for a written value. */
    static String normalize(String allowIps) {
        return allowIps == null ? null : allowIps.replace(" ", "").replace(",", "");
    }

    static boolean admits(String allowIps, String clientIp) {
        List<String> entries = entries(allowIps);
        if (entries.isEmpty()) {
            return true;
        }
        IPAddress client = address(clientIp);
        return client != null
                && entries.stream()
                        .map(EmulatedAllowIps::address)
                        .filter(Objects::nonNull)
                        .map(entry -> entry.isPrefixed() ? entry.toPrefixBlock() : entry)
                        .anyMatch(network -> network.contains(client));
    }

    static List<String> entries(String allowIps) {
        if (allowIps == null) {
            return List.of();
        }
        return Stream.of(normalize(allowIps).split("\n"))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    private static IPAddress address(String text) {
        return new IPAddressString(text, STRICT).getAddress();
    }
}
