package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.policy.AllowIps;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a gateway stores a token's client address restriction. new-api keeps one entry per line
 * and accepts addresses and CIDRs; one-api keeps comma-separated CIDRs and matches a bare
 * address against nothing (Go's {@code net.ParseCIDR} refuses it).
 */
enum AllowIpsFormat {
    LINES {
        @Override
        String toLines(String stored) {
            return stored;
        }

        @Override
        String render(AllowIps allowIps) {
            return allowIps.toGatewayText();
        }
    },
    COMMA_SEPARATED_CIDRS {
        /** A marker that no address parser accepts: the entry stays a restriction that admits no one. */
        private static final String UNUSABLE = "#";

        @Override
        String toLines(String stored) {
            if (stored == null || stored.isBlank()) {
                return stored;
            }
            return Arrays.stream(stored.split(","))
                    .map(String::strip)
                    .map(entry -> entry.contains("/") ? entry : UNUSABLE + entry)
                    .collect(Collectors.joining("\n"));
        }

        @Override
        String render(AllowIps allowIps) {
            return allowIps.entries().stream()
                    .map(entry -> entry.contains("/") ? entry : entry + (entry.contains(":") ? "/128" : "/32"))
                    .collect(Collectors.joining(","));
        }
    };

    /** The stored text as new-api's one-entry-per-line text with the same meaning, for {@link AllowIps#fromGatewayText}. */
    abstract String toLines(String stored);

    /** The text to store for {@code allowIps}; empty when unrestricted. */
    abstract String render(AllowIps allowIps);
}
