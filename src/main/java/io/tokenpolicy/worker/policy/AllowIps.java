package io.tokenpolicy.worker.policy;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The set of client addresses a token admits, as IPv4/IPv6 addresses and CIDR blocks.
 * An empty allow list on the gateway means <em>unrestricted</em>, so this type keeps the
 * two apart: {@link #unrestricted()} admits everything, a stored list whose entries are all
 * invalid admits nothing, and a narrowing that leaves nothing yields {@link Optional#empty()}
 * rather than an empty list that would open the token up.
 */
public final class AllowIps {

    private static final AllowIps UNRESTRICTED = new AllowIps(false, List.of());
    private static final Comparator<IPAddress> BY_FIRST_ADDRESS = Comparator.comparing(
                    (IPAddress address) -> address.getIPVersion())
            .thenComparing(address -> address.getLower().getValue())
            .thenComparing(IPAddress::getCount, Comparator.reverseOrder());

    private final boolean restricted;
    private final List<IPAddress> blocks;

    private AllowIps(boolean restricted, List<IPAddress> blocks) {
        this.restricted = restricted;
        this.blocks = blocks;
    }

    public static AllowIps unrestricted() {
        return UNRESTRICTED;
    }

    /** A restriction to the given entries; each must be a valid address or CIDR. */
    public static AllowIps of(List<String> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an allow list needs at least one entry");
        }
        return new AllowIps(true, normalise(entries.stream().map(IpEntry::parse).toList()));
    }

    /**
     * What the gateway enforces for a stored {@code allow_ips} text, read as new-api's {@code GetIpLimits} reads it:
     * spaces deleted, one entry per line (split on LF only: a lone CR stays inside an entry and breaks it), each
     * line trimmed of Unicode white space as Go's {@code strings.TrimSpace} does (no-break spaces included, the
     * control characters U+001C..U+001F not), and only then its commas deleted. No entry left means no restriction;
     * an entry that is not an address or CIDR as written matches no address.
     */
    public static AllowIps fromGatewayText(String text) {
        if (text == null) {
            return UNRESTRICTED;
        }
        List<String> lines = Arrays.stream(text.replace(" ", "").split("\n", -1))
                .map(line -> goTrimSpace(line).replace(",", ""))
                .filter(line -> !line.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            return UNRESTRICTED;
        }
        List<IPAddress> valid = lines.stream()
                .map(IpEntry::tryParseExact)
                .flatMap(Optional::stream)
                .toList();
        return new AllowIps(true, normalise(valid));
    }

    private static String goTrimSpace(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && goSpace(line.charAt(start))) {
            start++;
        }
        while (end > start && goSpace(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(start, end);
    }

    /** Go's {@code unicode.IsSpace}: the Unicode White_Space property. */
    private static boolean goSpace(char c) {
        return c == ' '
                || (c >= '\t' && c <= '\r')
                || c == '\u0085'
                || c == '\u00a0'
                || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200a')
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u202f'
                || c == '\u205f'
                || c == '\u3000';
    }

    public boolean isUnrestricted() {
        return !restricted;
    }

    /** The addresses both admit, or empty when they admit none in common. */
    public Optional<AllowIps> intersect(AllowIps other) {
        if (isUnrestricted()) {
            return Optional.of(other);
        }
        if (other.isUnrestricted()) {
            return blocks.isEmpty() ? Optional.empty() : Optional.of(this);
        }
        List<IPAddress> common = new ArrayList<>();
        for (IPAddress mine : blocks) {
            for (IPAddress theirs : other.blocks) {
                IpEntry.intersect(mine, theirs).ifPresent(common::add);
            }
        }
        return common.isEmpty() ? Optional.empty() : Optional.of(new AllowIps(true, normalise(common)));
    }

    /** The text the gateway stores: one entry per line, never commas; empty when unrestricted. */
    public String toGatewayText() {
        return entries().stream().collect(Collectors.joining("\n"));
    }

    public List<String> entries() {
        return blocks.stream().map(IpEntry::format).toList();
    }

    /**
     * The blocks no other block contains, in text order. Blocks either nest or are disjoint, so in
     * order of first address (the larger block first) a block is covered exactly when the last one
     * kept contains it: one sort and one pass, where comparing every pair cost seconds for a list
     * of thousands.
     */
    private static List<IPAddress> normalise(List<IPAddress> addresses) {
        List<IPAddress> kept = new ArrayList<>();
        for (IPAddress candidate : addresses.stream().sorted(BY_FIRST_ADDRESS).toList()) {
            IPAddress last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            if (last == null || last.getIPVersion() != candidate.getIPVersion() || !last.contains(candidate)) {
                kept.add(candidate);
            }
        }
        return kept.stream().sorted(Comparator.comparing(IpEntry::format)).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AllowIps that
                && restricted == that.restricted
                && entries().equals(that.entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode() * 31 + Boolean.hashCode(restricted);
    }

    @Override
    public String toString() {
        if (isUnrestricted()) {
            return "unrestricted";
        }
        return blocks.isEmpty() ? "nothing" : String.join(",", entries());
    }
}
