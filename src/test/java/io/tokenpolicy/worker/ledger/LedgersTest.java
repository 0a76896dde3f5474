package io.tokenpolicy.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgersTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(7);

    private final Ledgers ledgers =
            new Ledgers(null, "ledger", "view", WINDOW, Duration.ofSeconds(10), new LedgerVersions());
    private final PartitionLedger ledger = new PartitionLedger();

    LedgersTest() {
        ledgers.restored(Map.of(0, ledger));
    }

    @Test
    void eventsProcessedBeforeTheWindowAreForgottenSoThatAPartitionHeldForWeeksHoldsOnlyTheWindowsIds() {
        ledger.done(
                "/billing old",
                new PartitionLedger.Done("token-events", 1, NOW.minus(WINDOW).minusSeconds(1)));
        ledger.doneById(
                "older",
                new PartitionLedger.Done("token-events", 2, NOW.minus(WINDOW).minusSeconds(60)));
        ledger.done(
                "/billing new",
                new PartitionLedger.Done("token-events", 3, NOW.minus(WINDOW).plusSeconds(1)));

        ledgers.forgetExpired(NOW);

        assertThat(ledger.done("/billing old")).isEmpty();
        assertThat(ledger.done("/billing older")).isEmpty();
        assertThat(ledger.done("/billing new")).isPresent();
        assertThat(ledgers.size()).isEqualTo(1);
    }

    @Test
    void theIdsHeldAreLookedThroughAtMostOnceAMinute() {
        ledgers.forgetExpired(NOW);
        ledger.done(
                "/billing old",
                new PartitionLedger.Done("token-events", 1, NOW.minus(WINDOW).minusSeconds(1)));

        ledgers.forgetExpired(NOW.plusSeconds(59));
        assertThat(ledger.done("/billing old")).isPresent();

        ledgers.forgetExpired(NOW.plusSeconds(60));
        assertThat(ledger.done("/billing old")).isEmpty();
    }
}
