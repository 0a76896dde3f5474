package io.tokenpolicy.worker.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOptionsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void defaultsFollowTheWorkersEnvironmentAndTakeFailedAndRefusedDeadLetters() {
        ReplayOptions options = ReplayOptions.parse(List.of(), Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "TOKEN_POLICY_TOPICS_EVENTS", "events", "TOKEN_POLICY_TOPICS_DEAD_LETTER", "events.DLT"), NOW);

        assertThat(options.kafka()).containsEntry("bootstrap.servers", "kafka:9092");
        assertThat(options.from()).isEqualTo("events.DLT");
        assertThat(options.to()).isEqualTo("events");
        assertThat(options.wantsResult("FAILED", "failed")).isTrue();
        assertThat(options.wantsResult("REJECTED", "refused")).isTrue();
        assertThat(options.wantsResult("REJECTED", "unreadable")).isFalse();
        assertThat(options.wantsResult("REJECTED", null)).isFalse();
        assertThat(options.wantsType("anything")).isTrue();
        assertThat(options.dryRun()).isFalse();
    }

    @Test
    void filtersByTimeTypeAndResult() {
        ReplayOptions options = ReplayOptions.parse(List.of("--since=PT2H", "--until=2026-11-27T11:00:00Z",
                "--type=billing.topup, billing.refund", "--result=all"), Map.of(), NOW);

        assertThat(options.parkedInRange(Instant.parse("2026-11-27T09:59:59Z"))).isFalse();
        assertThat(options.parkedInRange(Instant.parse("2026-11-27T10:00:00Z"))).isTrue();
        assertThat(options.parkedInRange(Instant.parse("2026-11-27T11:00:00Z"))).isFalse();
        assertThat(options.wantsType("billing.refund")).isTrue();
        assertThat(options.wantsType("security.incident")).isFalse();
        assertThat(options.wantsType(null)).isFalse();
        assertThat(options.wantsResult("REJECTED", "unreadable")).isTrue();
        assertThat(options.wantsResult(null, null)).isTrue();
    }

    @Test
    void refusedSelectsOnlyWhatTheGatewayRefusedAndRejectedSelectsEveryRejection() {
        ReplayOptions refused = ReplayOptions.parse(List.of("--result=refused"), Map.of(), NOW);
        ReplayOptions rejected = ReplayOptions.parse(List.of("--result=REJECTED"), Map.of(), NOW);

        assertThat(refused.wantsResult("REJECTED", "refused")).isTrue();
        assertThat(refused.wantsResult("REJECTED", "unreadable")).isFalse();
        assertThat(refused.wantsResult("FAILED", "failed")).isFalse();
        assertThat(rejected.wantsResult("REJECTED", "refused")).isTrue();
        assertThat(rejected.wantsResult("REJECTED", "unreadable")).isTrue();
    }

    @Test
    void deadLettersParkedLongerAgoThanTheDedupWindowAreRefusedUnlessForced() {
        Instant windowStart = NOW.instant().minus(Duration.ofDays(7));
        ReplayOptions options = ReplayOptions.parse(List.of(), Map.of(), NOW);
        ReplayOptions forced = ReplayOptions.parse(List.of("--force-older"), Map.of(), NOW);

        assertThat(options.refusedAsForgotten(windowStart.minusSeconds(1))).isTrue();
        assertThat(options.refusedAsForgotten(windowStart)).isFalse();
        assertThat(forced.refusedAsForgotten(windowStart.minusSeconds(1))).isFalse();
        assertThat(ReplayOptions.USAGE).contains("--force-older");
    }

    @Test
    void theDedupWindowFollowsTheWorkersSetting() {
        ReplayOptions options = ReplayOptions.parse(List.of(), Map.of("TOKEN_POLICY_LEDGER_DEDUP_WINDOW", "2d"), NOW);

        assertThat(options.refusedAsForgotten(NOW.instant().minus(Duration.ofDays(2)).minusSeconds(1))).isTrue();
        assertThat(options.refusedAsForgotten(NOW.instant().minus(Duration.ofDays(1)))).isFalse();
        assertThatThrownBy(() -> ReplayOptions.parse(List.of(), Map.of("TOKEN_POLICY_LEDGER_DEDUP_WINDOW", "a week"),
                NOW)).hasMessageContaining("TOKEN_POLICY_LEDGER_DEDUP_WINDOW");
    }

    @Test
    void kafkaClientSettingsComeFromTheCommandConfigFile(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-256\n");

        ReplayOptions options = ReplayOptions.parse(List.of("--command-config=" + config), Map.of(), NOW);

        assertThat(options.kafka()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void aMissingCommandConfigOrAPositionalArgumentIsRefused() {
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--command-config=/nonexistent"), Map.of(), NOW))
                .hasMessageContaining("--command-config");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("token-events.DLT"), Map.of(), NOW))
                .hasMessageContaining("unknown argument token-events.DLT");
    }
}
