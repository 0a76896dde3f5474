package io.tokenpolicy.worker.emulator;

import java.time.Instant;

/** Small factories the emulator's tests share: two users, a client per user, times around now. */
final class Fixtures {

    static final long ALICE = 1;

    static final long BOB = 2;

    static final String ALICE_ACCESS = "alice-access";

    static final String BOB_ACCESS = "bob-access";

    private Fixtures() {}

    static TokenApiEmulator emulatorWithAliceAndBob() {
        return TokenApiEmulator.start(0).addUser(ALICE, ALICE_ACCESS).addUser(BOB, BOB_ACCESS);
    }

    static RawGatewayCalls asAlice(TokenApiEmulator emulator) {
        return new RawGatewayCalls(emulator, ALICE, ALICE_ACCESS);
    }

    static long aDayFromNow() {
        return Instant.now().getEpochSecond() + 86_400;
    }

    static long aDayAgo() {
        return Instant.now().getEpochSecond() - 86_400;
    }
}
