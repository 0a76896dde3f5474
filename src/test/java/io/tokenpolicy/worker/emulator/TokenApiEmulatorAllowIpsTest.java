package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenApiEmulatorAllowIpsTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    private final long tokenId =
            emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void commasInAllowIpsAreDeletedSoTheBrokenEntryBlocksEveryone() {
        alice.put(alice.read(tokenId).put("allow_ips", "1.1.1.1, 2.2.2.2"));

        assertThat(emulator.token(tokenId).allowIps()).isEqualTo("1.1.1.12.2.2.2");
        assertThat(emulator.admits(tokenId, "1.1.1.1")).isFalse();
        assertThat(emulator.admits(tokenId, "2.2.2.2")).isFalse();
    }

    @Test
    void invalidAllowIpEntriesAreSkippedWhileValidOnesStillMatch() {
        alice.put(alice.read(tokenId).put("allow_ips", "not-an-ip\n10.0.0.0/8\n192.168.1.7"));

        assertThat(emulator.admits(tokenId, "10.20.30.40")).isTrue();
        assertThat(emulator.admits(tokenId, "192.168.1.7")).isTrue();
        assertThat(emulator.admits(tokenId, "192.168.1.8")).isFalse();
    }

    @Test
    void emptyOrNullAllowIpsMeansNoRestriction() {
        alice.put(alice.read(tokenId).put("allow_ips", " \n , \n"));
        boolean blank = emulator.admits(tokenId, "203.0.113.9");
        alice.put(alice.read(tokenId).putNull("allow_ips"));

        assertThat(blank).isTrue();
        assertThat(emulator.admits(tokenId, "203.0.113.9")).isTrue();
    }

    @Test
    void cidrWithHostBitsAdmitsItsWholeNetworkAndIpv6Works() {
        alice.put(alice.read(tokenId).put("allow_ips", "10.1.2.3/16\n2001:db8::/32"));

        assertThat(emulator.admits(tokenId, "10.1.200.1")).isTrue();
        assertThat(emulator.admits(tokenId, "10.2.0.1")).isFalse();
        assertThat(emulator.admits(tokenId, "2001:db8::1")).isTrue();
    }
}
