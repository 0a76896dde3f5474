package io.tokenpolicy.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.SecurityFacts;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Security holds go to the ledger with the event that changed them and come back from it on assignment, within the window. */
class SecurityHoldLedgerTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Instant WINDOW_START = NOW.minus(Duration.ofDays(7));

    private final PartitionLedger ledger = new PartitionLedger();
    private final KafkaSecurityHolds holds = new KafkaSecurityHolds(
            "ledger", 2, ledger, WINDOW_START, Clock.fixed(NOW, ZoneOffset.UTC), new LedgerVersions());

    @Test
    void holdIsPublishedWithItsEventAndRestoredOnAssignment() {
        holds.record(7, 42, SecurityFacts.heldOnly(), "i-1");
        ProducerRecord<byte[], byte[]> published = holds.outputsOf("i-1").get(0);

        PartitionLedger restored = restore(published, WINDOW_START);

        assertThat(key(published)).isEqualTo("disabled/7/42");
        assertThat(published.partition()).isEqualTo(2);
        assertThat(holds.held(7, 42)).isTrue();
        assertThat(holds.outputsOf("i-1")).isEmpty();
        assertThat(new KafkaSecurityHolds("ledger", 2, restored, WINDOW_START, Clock.systemUTC(), new LedgerVersions())
                        .held(7, 42))
                .isTrue();
    }

    @Test
    void endedHoldIsATombstoneThatReleasesTheToken() {
        ledger.remember(7, 42, SecurityFacts.heldOnly(), NOW);
        holds.record(7, 42, SecurityFacts.NONE, "r-1");
        ProducerRecord<byte[], byte[]> published = holds.outputsOf("r-1").get(0);
        PartitionLedger restored = new PartitionLedger();
        restored.remember(7, 42, SecurityFacts.heldOnly(), NOW);

        LedgerRecords.restore(restored, key(published), published.value(), 0, WINDOW_START);

        assertThat(published.value()).isNull();
        assertThat(holds.held(7, 42)).isFalse();
        assertThat(restored.security(7, 42)).isEmpty();
    }

    @Test
    void holdOlderThanTheDedupWindowIsNotTrusted() {
        holds.record(7, 42, SecurityFacts.heldOnly(), "i-1");
        PartitionLedger restored = restore(holds.outputsOf("i-1").get(0), NOW.plusSeconds(1));
        KafkaSecurityHolds later = new KafkaSecurityHolds(
                "ledger", 2, ledger, NOW.plusSeconds(1), Clock.systemUTC(), new LedgerVersions());

        assertThat(restored.security(7, 42)).isEmpty();
        assertThat(later.held(7, 42)).isFalse();
        assertThat(later.held(8, 42)).isFalse();
    }

    @Test
    void everySecurityFactComesBackFromTheLedgerAsItWasWritten() {
        SecurityFacts facts = new SecurityFacts(
                true,
                true,
                true,
                Optional.of(AllowIps.of(List.of("10.0.0.0/8"))),
                Optional.of(ModelLimits.only(List.of("gpt-a"))),
                true,
                List.of(List.of("gpt-a", "gpt-b"), List.of("gpt-c")));
        holds.record(7, 42, facts, "ip-1");

        PartitionLedger restored = restore(holds.outputsOf("ip-1").get(0), WINDOW_START);

        assertThat(new KafkaSecurityHolds("ledger", 2, restored, WINDOW_START, Clock.systemUTC(), new LedgerVersions())
                        .facts(7, 42))
                .isEqualTo(facts);
    }

    @Test
    void holdRecordOfTheVersionsBeforeIsReadAsAHold() {
        PartitionLedger restored = new PartitionLedger();

        LedgerRecords.restore(
                restored,
                "disabled/7/42",
                ("{\"at\":\"" + NOW + "\"}").getBytes(StandardCharsets.UTF_8),
                0,
                WINDOW_START);

        assertThat(restored.security(7, 42).orElseThrow().facts()).isEqualTo(SecurityFacts.heldOnly());
    }

    private static PartitionLedger restore(ProducerRecord<byte[], byte[]> record, Instant forgetBefore) {
        PartitionLedger restored = new PartitionLedger();
        LedgerRecords.restore(restored, key(record), record.value(), 0, forgetBefore);
        return restored;
    }

    private static String key(ProducerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }
}
