package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenApiEmulatorUsageTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    private final long tokenId = emulator.addToken(
                    EmulatedToken.forUser(ALICE).remainQuota(1000).build())
            .id();

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void usageKeepsFundedTotal() {
        EmulatedToken used = emulator.simulateUsage(tokenId, 300);

        assertThat(used.remainQuota()).isEqualTo(700);
        assertThat(used.usedQuota()).isEqualTo(300);
        assertThat(used.fundedTotal()).isEqualTo(1000);
        assertThat(emulator.token(tokenId)).isEqualTo(used);
    }

    @Test
    void usageBetweenGetAndPutIsLost() {
        ObjectNode read = alice.read(tokenId);
        emulator.simulateUsage(tokenId, 300);

        alice.put(read.put("remain_quota", read.get("remain_quota").longValue() + 500));

        EmulatedToken stored = emulator.token(tokenId);
        assertThat(stored.remainQuota()).isEqualTo(1500);
        assertThat(stored.fundedTotal()).isEqualTo(1800);
    }

    @Test
    void usageGeneratorSpendsQuotaUntilStopped() {
        long poor = emulator.addToken(
                        EmulatedToken.forUser(ALICE).remainQuota(5).build())
                .id();

        try (UsageGenerator usage = emulator.startUsage(Duration.ofMillis(10), 10)) {
            await("three rounds of usage").atMost(Duration.ofSeconds(2)).until(() -> usage.ticks() >= 3);
        }

        EmulatedToken spent = emulator.token(tokenId);
        assertThat(spent.usedQuota()).isGreaterThanOrEqualTo(30);
        assertThat(spent.fundedTotal()).isEqualTo(1000);
        assertThat(emulator.token(poor).remainQuota()).isEqualTo(5);
    }

    @Test
    void concurrentUsageIsAtomic() {
        IntStream.range(0, 8).parallel().forEach(thread -> {
            for (int i = 0; i < 100; i++) {
                emulator.simulateUsage(tokenId, 1);
            }
        });

        assertThat(emulator.token(tokenId).usedQuota()).isEqualTo(800);
        assertThat(emulator.token(tokenId).fundedTotal()).isEqualTo(1000);
    }

    @Test
    void usageSettlesWithoutAFloorSoTheQuotaCanGoBelowZero() {
        EmulatedToken overspent = emulator.simulateUsage(tokenId, 1_300);

        assertThat(overspent.remainQuota()).isEqualTo(-300);
        assertThat(overspent.fundedTotal()).isEqualTo(1000);
        assertThat(alice.read(tokenId).get("remain_quota").longValue()).isEqualTo(-300);
    }

    @Test
    void exhaustionIsWrittenLazilySoAUsedUpTokenStillReadsEnabled() {
        EmulatedToken used = emulator.simulateUsage(tokenId, 1000);

        assertThat(used.remainQuota()).isZero();
        assertThat(used.status()).isEqualTo(EmulatedToken.ENABLED);
    }
}
