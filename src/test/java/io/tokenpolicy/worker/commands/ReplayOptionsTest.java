package io.tokenpolicy.worker.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpolicy.worker.config.LedgerProperties;
import io.tokenpolicy.worker.config.TopicsProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The options of {@code replay-dlt} as Spring binds them from its command line and the worker's environment. */
class ReplayOptionsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void defaultsFollowTheWorkersEnvironmentAndTakeFailedAndRefusedDeadLetters() {
        ReplayOptions options = bind(
                List.of(),
                Map.of(
                        "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                        "kafka:9092",
                        "TOKEN_POLICY_TOPICS_EVENTS",
                        "events",
                        "TOKEN_POLICY_TOPICS_DEAD_LETTER",
                        "events.DLT"));

        assertThat(options.consumer())
                .containsEntry("bootstrap.servers", List.of("kafka:9092"))
                .doesNotContainKey("group.id");
        assertThat(options.producer()).containsEntry("bootstrap.servers", List.of("kafka:9092"));
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
    void theShortOptionsWinOverTheWorkersEnvironment() {
        ReplayOptions options = bind(
                List.of("--bootstrap-servers=other:9092", "--from=other.DLT", "--to=other", "--dry-run"),
                Map.of(
                        "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                        "kafka:9092",
                        "TOKEN_POLICY_TOPICS_EVENTS",
                        "events",
                        "TOKEN_POLICY_TOPICS_DEAD_LETTER",
                        "events.DLT",
                        "TOKEN_POLICY_REPLAY_DRY_RUN",
                        "false"));

        assertThat(options.consumer()).containsEntry("bootstrap.servers", List.of("other:9092"));
        assertThat(options.from()).isEqualTo("other.DLT");
        assertThat(options.to()).isEqualTo("other");
        assertThat(options.dryRun()).isTrue();
    }

    @Test
    void filtersByTimeTypeAndResult() {
        ReplayOptions options = bind(
                List.of(
                        "--since=PT2H",
                        "--until=2026-11-27T11:00:00Z",
                        "--type=billing.topup, billing.refund",
                        "--result=all"),
                Map.of());

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
    void everyOptionIsAlsoASettingOfItsOwn() {
        ReplayOptions options = bind(
                List.of(),
                Map.of(
                        "TOKEN_POLICY_REPLAY_SINCE",
                        "P1D",
                        "TOKEN_POLICY_REPLAY_TYPE",
                        "billing.topup",
                        "TOKEN_POLICY_REPLAY_RESULT",
                        "FAILED",
                        "TOKEN_POLICY_REPLAY_DRY_RUN",
                        "true",
                        "TOKEN_POLICY_REPLAY_FORCE_OLDER",
                        "true"));

        assertThat(options.since()).contains(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(options.wantsType("billing.refund")).isFalse();
        assertThat(options.wantsResult("REJECTED", "refused")).isFalse();
        assertThat(options.dryRun()).isTrue();
        assertThat(options.forceOlder()).isTrue();
    }

    @Test
    void aBillingEventParkedFromTheSecurityTopicIsReplayedOntoTheEventsTopicByDefault() {
        ReplayOptions byDefault = bind(List.of(), Map.of());

        assertThat(byDefault.wantsResult("REJECTED", "wrong_topic")).isTrue();
        assertThat(byDefault.wantsResult("REJECTED", "unreadable")).isFalse();
    }

    @Test
    void refusedSelectsOnlyWhatTheGatewayRefusedAndRejectedSelectsEveryRejection() {
        ReplayOptions refused = bind(List.of("--result=refused"), Map.of());
        ReplayOptions rejected = bind(List.of("--result=REJECTED"), Map.of());

        assertThat(refused.wantsResult("REJECTED", "refused")).isTrue();
        assertThat(refused.wantsResult("REJECTED", "unreadable")).isFalse();
        assertThat(refused.wantsResult("FAILED", "failed")).isFalse();
        assertThat(rejected.wantsResult("REJECTED", "refused")).isTrue();
        assertThat(rejected.wantsResult("REJECTED", "unreadable")).isTrue();
    }

    @Test
    void eventsThatCouldNotBeToldAreReplayedOnlyWhenAskedFor() {
        ReplayOptions byDefault = bind(List.of(), Map.of());
        ReplayOptions untold = bind(List.of("--result=untold"), Map.of());

        assertThat(byDefault.wantsResult("REJECTED", "untold")).isFalse();
        assertThat(untold.wantsResult("REJECTED", "untold")).isTrue();
        assertThat(untold.wantsResult("REJECTED", "refused")).isFalse();
    }

    @Test
    void deadLettersParkedLongerAgoThanTheDedupWindowAreRefusedUnlessForced() {
        Instant windowStart = NOW.instant().minus(Duration.ofDays(7));
        ReplayOptions options = bind(List.of(), Map.of());
        ReplayOptions forced = bind(List.of("--force-older"), Map.of());

        assertThat(options.refusedAsForgotten(windowStart.minusSeconds(1))).isTrue();
        assertThat(options.refusedAsForgotten(windowStart)).isFalse();
        assertThat(forced.refusedAsForgotten(windowStart.minusSeconds(1))).isFalse();
        assertThat(ReplayArguments.USAGE).contains("--force-older");
    }

    @Test
    void theDedupWindowFollowsTheWorkersSetting() {
        ReplayOptions options = bind(List.of(), Map.of("TOKEN_POLICY_LEDGER_DEDUP_WINDOW", "2d"));

        assertThat(options.refusedAsForgotten(
                        NOW.instant().minus(Duration.ofDays(2)).minusSeconds(1)))
                .isTrue();
        assertThat(options.refusedAsForgotten(NOW.instant().minus(Duration.ofDays(1))))
                .isFalse();
        assertThat(failure(List.of(), Map.of("TOKEN_POLICY_LEDGER_DEDUP_WINDOW", "a week")))
                .isEqualTo("TOKEN_POLICY_LEDGER_DEDUP_WINDOW must be a duration like 7d or P7D, was a week");
    }

    @Test
    void aWrongValueIsNamedAsItWasGiven() {
        assertThat(failure(List.of("--since=yesterday"), Map.of()))
                .isEqualTo("--since must be an instant like"
                        + " 2026-11-27T03:00:00Z or a duration before now like PT2H, was yesterday");
        assertThat(failure(List.of("--result=FAILED,BOGUS"), Map.of()))
                .isEqualTo(
                        "--result must be one of FAILED, REFUSED, WRONG_TOPIC, UNTOLD, REJECTED, ALL, was FAILED,BOGUS");
        assertThat(failure(List.of(), Map.of("TOKEN_POLICY_REPLAY_UNTIL", "soon")))
                .startsWith("TOKEN_POLICY_REPLAY_UNTIL must be an instant");
        assertThat(failure(List.of("--from="), Map.of())).isEqualTo("--from must not be blank");
    }

    @Test
    void kafkaClientSettingsComeFromTheCommandConfigFile(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(
                dir.resolve("client.properties"), "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-256\n");

        ReplayOptions options = bind(List.of("--command-config=" + config), Map.of());

        assertThat(options.consumer())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("bootstrap.servers", List.of("localhost:9092"));
        assertThat(options.producer()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aMissingCommandConfigOrAPositionalArgumentIsRefused() {
        assertThatThrownBy(() -> bind(List.of("--command-config=/nonexistent"), Map.of()))
                .hasMessageContaining("--command-config");
        assertThatThrownBy(() -> ReplayArguments.properties("replay-dlt", "token-events.DLT"))
                .hasMessageContaining("unknown argument token-events.DLT");
        assertThatThrownBy(() -> ReplayArguments.properties("replay-dlt", "--sinse=PT1H"))
                .hasMessageContaining("unknown option --sinse");
    }

    @Test
    void aMistypedPropertyIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> ReplayArguments.properties("replay-dlt", "--spring.kafka.bootstrap-server=other:9092"))
                .hasMessageContaining("unknown option --spring.kafka.bootstrap-server");
    }

    @Test
    void theBrokersTypedWinOverTheCommandConfigFileAndAConsumerOnlySetting(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=file:9092\n");

        ReplayOptions options = bind(
                List.of("--command-config=" + config, "--bootstrap-servers=typed:9092"),
                Map.of("SPRING_KAFKA_CONSUMER_BOOTSTRAP_SERVERS", "worker-consumer:9092"));

        assertThat(options.consumer()).containsEntry("bootstrap.servers", List.of("typed:9092"));
        assertThat(options.producer()).containsEntry("bootstrap.servers", List.of("typed:9092"));
    }

    @Test
    void anEmptyItemInAListIsSkipped() {
        ReplayOptions options = bind(List.of("--type=billing.topup,", "--result=FAILED,"), Map.of());

        assertThat(options.types()).containsExactly("billing.topup");
        assertThat(options.wantsResult("FAILED", null)).isTrue();
        assertThat(options.wantsResult("REJECTED", "refused")).isFalse();
    }

    private static ReplayOptions bind(List<String> options, Map<String, Object> environment) {
        AtomicReference<ReplayOptions> bound = new AtomicReference<>();
        runner(options, environment).run(context -> {
            assertThat(context).hasNotFailed();
            bound.set(ReplayOptions.of(
                    context.getBean(ReplayProperties.class),
                    context.getBean(TopicsProperties.class),
                    context.getBean(LedgerProperties.class),
                    context.getBean(KafkaProperties.class),
                    NOW));
        });
        return bound.get();
    }

    private static String failure(List<String> options, Map<String, Object> environment) {
        AtomicReference<String> line = new AtomicReference<>();
        runner(options, environment)
                .run(context ->
                        line.set(SettingError.of(context.getStartupFailure()).orElseThrow()));
        return line.get();
    }

    /** The replay's beans, its command line and environment read as {@link CommandRun} has Spring read them. */
    private static ApplicationContextRunner runner(List<String> options, Map<String, Object> environment) {
        List<String> args = new ArrayList<>(List.of(ReplayArguments.NAME));
        args.addAll(options);
        String[] line = args.toArray(String[]::new);
        return new ApplicationContextRunner()
                .withInitializer(context -> {
                    MutablePropertySources sources = context.getEnvironment().getPropertySources();
                    sources.replace(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            new SystemEnvironmentPropertySource(
                                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
                    sources.addFirst(new SimpleCommandLinePropertySource(line));
                    sources.addFirst(ReplayArguments.properties(line));
                })
                .withBean(Console.class, () -> new Console(System.out, System.err))
                .withUserConfiguration(ReplayConfiguration.class);
    }
}
