package io.tokenpolicy.worker.policy;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The set of client addresses a token admits, as IPv4/IPv6 addresses and CIDR blocks.
 * An empty set on the gateway means <em>unrestricted</em>, so this type keeps the two
 * apart: {@link #unrestricted()} admits everything, while a narrowing that leaves nothing
 * yields {@link Optional#empty()} rather than an empty list that would open the token up.
 */
public final class AllowIps {

    private static final AllowIps UNRESTRICTED = new AllowIps(List.of());

    private final List<IPAddress> blocks;

    private AllowIps(List<IPAddress> blocks) {
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
        return new AllowIps(normalise(entries.stream().map(IpEntry::parse).toList()));
    }

    /**
     * What the gateway enforces for a stored {@code allow_ips} text: one entry per line,
     * invalid entries skipped, nothing valid meaning no restriction at all.
     */
    public static AllowIps fromGatewayText(String text) {
        if (text == null || text.isBlank()) {
            return UNRESTRICTED;
        }
        List<IPAddress> valid = text.lines()
                .map(line -> line.replace(" ", "").replace(",", ""))
                .map(IpEntry::tryParse)
                .flatMap(Optional::stream)
                .toList();
        return valid.isEmpty() ? UNRESTRICTED : new AllowIps(normalise(valid));
    }

    public boolean isUnrestricted() {
        return blocks.isEmpty();
    }

    /** The addresses both admit, or empty when they admit none in common. */
    public Optional<AllowIps> intersect(AllowIps other) {
        if (isUnrestricted()) {
            return Optional.of(other);
        }
        if (other.isUnrestricted()) {
            return Optional.of(this);
        }
        List<IPAddress> common = new ArrayList<>();
        for (IPAddress mine : blocks) {
            for (IPAddress theirs : other.blocks) {
                IpEntry.intersect(mine, theirs).ifPresent(common::add);
            }
        }
        return common.isEmpty() ? Optional.empty() : Optional.of(new AllowIps(normalise(common)));
    }

    /** The text the gateway stores: one entry per line, never commas. */
    public String toGatewayText() {
        return entries().stream().collect(Collectors.joining("\n"));
    }

    public List<String> entries() {
        return blocks.stream().map(IpEntry::format).toList();
    }

    private static List<IPAddress> normalise(List<IPAddress> addresses) {
        return addresses.stream()
                .filter(candidate -> addresses.stream().noneMatch(other -> IpEntry.strictlyContains(other, candidate)))
                .distinct()
                .sorted(Comparator.comparing(IpEntry::format))
                .toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AllowIps that && entries().equals(that.entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return isUnrestricted() ? "unrestricted" : String.join(",", entries());
    }
}
