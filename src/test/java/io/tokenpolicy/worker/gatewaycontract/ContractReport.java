package io.tokenpolicy.worker.gatewaycontract;

import io.tokenpolicy.worker.emulator.ServerProfile;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the server did in each check, and how well each profile foresaw it.
 *
 * @param gateway the gateway and user checked (never the access token)
 * @param scratchToken the name of the scratch token the checks used
 * @param observations one per check, in the contract's order
 */
record ContractReport(String gateway, String scratchToken, List<Observation> observations) {

    private static final int CHECK_WIDTH = 38;

    private static final int OBSERVED_WIDTH = 32;

    private static final int PROFILE_WIDTH = 16;

    /**
     * What the server did in one check.
     *
     * @param check the check
     * @param observed what the server did, in the check's words
     */
    record Observation(ContractCheck check, String observed) {

        boolean matches(ServerProfile profile) {
            return observed.equals(check.expected().get(profile));
        }
    }

    ContractReport {
        observations = List.copyOf(observations);
    }

    /** The checks in which the profile's server does something else than this server did. */
    List<Observation> mismatches(ServerProfile profile) {
        return observations.stream().filter(seen -> !seen.matches(profile)).toList();
    }

    /** The profile that foresaw the most checks (the first of them on a tie). */
    ServerProfile bestMatch() {
        return Arrays.stream(ServerProfile.values())
                .min(Comparator.comparingInt(profile -> mismatches(profile).size()))
                .orElseThrow();
    }

    /**
     * The report as printed: a line per check with what the server did and, per profile, {@code =} where the
     * profile's server does the same and {@code x} where not; then the best match, and what it would have answered
     * where it differs.
     */
    String format() {
        StringBuilder text = new StringBuilder()
                .append("gateway contract: ")
                .append(gateway)
                .append(", scratch token ")
                .append(scratchToken)
                .append(" (deleted)\n")
                .append((pad("check", CHECK_WIDTH)
                                + pad("the server", OBSERVED_WIDTH)
                                + Arrays.stream(ServerProfile.values())
                                        .map(profile -> pad(profile.label(), PROFILE_WIDTH))
                                        .collect(Collectors.joining()))
                        .stripTrailing())
                .append('\n');
        observations.forEach(seen -> text.append(line(seen)).append('\n'));
        text.append("matches:");
        for (ServerProfile profile : ServerProfile.values()) {
            int matched = observations.size() - mismatches(profile).size();
            text.append(' ')
                    .append(profile.label())
                    .append(' ')
                    .append(matched)
                    .append('/')
                    .append(observations.size())
                    .append(';');
        }
        ServerProfile best = bestMatch();
        int missed = mismatches(best).size();
        text.append("\nbest match: ")
                .append(best.label())
                .append(
                        missed == 0
                                ? " (every check)"
                                : " (" + missed + " checks differ: the emulator has no profile" + " for this server)")
                .append('\n');
        mismatches(best).forEach(seen -> text.append("  ")
                .append(seen.check().name())
                .append(": ")
                .append(best.label())
                .append(" would answer ")
                .append(seen.check().expected().get(best))
                .append('\n'));
        return text.toString();
    }

    private static String line(Observation seen) {
        return pad(seen.check().name(), CHECK_WIDTH)
                + pad(seen.observed(), OBSERVED_WIDTH)
                + Arrays.stream(ServerProfile.values())
                        .map(profile -> pad(seen.matches(profile) ? "=" : "x", PROFILE_WIDTH))
                        .collect(Collectors.joining())
                        .stripTrailing();
    }

    private static String pad(String text, int width) {
        String shown = text.length() >= width ? text.substring(0, width - 2) + "… " : text;
        return shown + " ".repeat(Math.max(1, width - shown.length()));
    }
}
