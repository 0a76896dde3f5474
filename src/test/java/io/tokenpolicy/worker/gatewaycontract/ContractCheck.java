package io.tokenpolicy.worker.gatewaycontract;

import io.tokenpolicy.worker.emulator.ServerProfile;
import java.util.EnumMap;
import java.util.Map;

/**
 * One trap of the token API: how to provoke it, and what each server profile does there.
 *
 * @param name what is checked, as the report names it
 * @param probe provokes the trap on the scratch token (put back into its known state first) and says what the
 *     server did
 * @param expected what each profile's server does
 */
record ContractCheck(String name, Probe probe, Map<ServerProfile, String> expected) {

    /** Provokes a trap and says, in a few words, what the server did. */
    @FunctionalInterface
    interface Probe {
        String observe(GatewayCalls calls, ScratchToken token);
    }

    ContractCheck {
        if (expected.size() != ServerProfile.values().length) {
            throw new IllegalArgumentException(name + ": every profile needs an expectation");
        }
        expected = Map.copyOf(expected);
    }

    /** What every server does, until {@link Expected#except} says otherwise for one. */
    static Expected everywhere(String observation) {
        return new Expected(observation);
    }

    /** Expectations per profile, built from one that holds everywhere. */
    static final class Expected {

        private final Map<ServerProfile, String> byProfile = new EnumMap<>(ServerProfile.class);

        private Expected(String everywhere) {
            for (ServerProfile profile : ServerProfile.values()) {
                byProfile.put(profile, everywhere);
            }
        }

        Expected except(ServerProfile profile, String observation) {
            byProfile.put(profile, observation);
            return this;
        }

        ContractCheck check(String name, Probe probe) {
            return new ContractCheck(name, probe, byProfile);
        }
    }
}
