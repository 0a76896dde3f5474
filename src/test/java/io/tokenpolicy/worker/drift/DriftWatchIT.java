package io.tokenpolicy.worker.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.TokenPolicyWorkerApplication;
import io.tokenpolicy.worker.commands.Command;
import io.tokenpolicy.worker.commands.CommandRun;
import io.tokenpolicy.worker.commands.Console;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.ContractSchemas;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The drift watch against a real broker, the worker in this JVM and the emulator: what the worker decided is changed
 * by hand in the gateway, and one {@code drift} pass finds it, publishes one record per finding and, with
 * {@code --enforce}, sends the security decisions to the worker again, which applies them with an outcome; and
 * {@code history} prints a token's outcomes and findings in order.
 */
@WorkerHarness(user = DriftWatchIT.USER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftWatchIT {

    static final long USER = 41;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private WorkerProcess worker;
    private TopicReader findings;

    DriftWatchIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
    }

    @BeforeAll
    void start() {
        worker = WorkerProcess.start(harness.workerSettings());
        findings = harness.reader(harness.driftTopic());
    }

    @AfterAll
    void stop() {
        worker.close();
    }

    @Test
    void aTokenDisabledByAnIncidentAndEnabledByHandIsFoundAndWithEnforceDisabledAgainWithItsOutcome() {
        EmulatedToken token = token(EmulatedToken.forUser(USER).remainQuota(500));
        assertThat(send(harness.securityEventsTopic(), token, CloudEvents.incident(id(), token.id(), "critical", null))
                        .path("result")
                        .asText())
                .isEqualTo("APPLIED");
        gateway.modifyToken(
                token.id(), t -> t.toBuilder().status(EmulatedToken.ENABLED).build());

        Run pass = drift("--enforce");

        assertThat(pass.exitCode).isEqualTo(3);
        assertThat(pass.out)
                .contains("token " + token.id() + " of user " + USER + ": re_enabled: status decided 2, found 1;"
                        + " enforced again by security.incident");
        JsonNode finding = finding(token, "re_enabled");
        assertThat(finding.path("security").asBoolean()).isTrue();
        assertThat(finding.path("status_why").asText())
                .contains("security.incident")
                .contains("key seen in a public repository");
        assertThat(finding.path("enforced_by").asText()).isEqualTo("security.incident");
        JsonNode enforced =
                harness.outcomes().awaitFor(finding.path("finding_id").asText());
        assertThat(enforced.path("source").asText()).isEqualTo("/token-policy-worker/drift");
        assertThat(enforced.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
    }

    @Test
    void anAllowListWidenedByHandIsFound() {
        EmulatedToken token = token(EmulatedToken.forUser(USER).remainQuota(500).allowIps("10.0.0.0/8"));
        send(harness.securityEventsTopic(), token, CloudEvents.ipRestriction(id(), token.id(), List.of("10.1.2.0/24")));
        gateway.modifyToken(
                token.id(),
                t -> t.toBuilder().allowIps("10.0.0.0/8\n172.16.0.0/12").build());

        Run pass = drift();

        assertThat(pass.exitCode).isEqualTo(3);
        JsonNode finding = finding(token, "allow_ips_wider");
        assertThat(finding.path("decided").asText()).isEqualTo("10.1.2.0/24");
        assertThat(finding.path("found").asText()).isEqualTo("10.0.0.0/8\n172.16.0.0/12");
        assertThat(finding.path("enforced_by").isNull()).isTrue();
    }

    @Test
    void aQuotaEditedByHandIsFoundWithTheExactDifferenceAndNeverEnforced() {
        EmulatedToken token = token(EmulatedToken.forUser(USER).remainQuota(500).usedQuota(200));
        send(harness.eventsTopic(), token, CloudEvents.topUp(id(), token.id(), 1_000));
        gateway.simulateUsage(token.id(), 300);
        gateway.modifyToken(
                token.id(),
                t -> t.toBuilder().remainQuota(t.remainQuota() + 4_321).build());

        Run pass = drift("--enforce");

        JsonNode finding = finding(token, "funded_total_differs");
        assertThat(finding.path("decided").asLong()).isEqualTo(1_700);
        assertThat(finding.path("found").asLong()).isEqualTo(1_700 + 4_321);
        assertThat(finding.path("difference").asLong()).isEqualTo(4_321);
        assertThat(finding.path("enforced_by").isNull()).isTrue();
        assertThat(pass.out).contains("funded_total_differs: funded_total decided 1700, found 6021 (difference 4321)");
        assertThat(gateway.token(token.id()).remainQuota()).isEqualTo(1_200 + 4_321);
    }

    @Test
    void aDeletedTokenIsFound() {
        EmulatedToken token = token(EmulatedToken.forUser(USER).remainQuota(500));
        send(harness.securityEventsTopic(), token, CloudEvents.incident(id(), token.id(), "critical", null));
        gateway.deleteToken(token.id());

        Run pass = drift();

        assertThat(pass.exitCode).isEqualTo(3);
        assertThat(finding(token, "token_deleted").path("found").isNull()).isTrue();
    }

    @Test
    void aUsersTokensAreListedPageByPageWhenThatTakesFewerCallsThanAReadEach() {
        List<EmulatedToken> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EmulatedToken token = token(EmulatedToken.forUser(USER).remainQuota(500));
            send(harness.eventsTopic(), token, CloudEvents.topUp(id(), token.id(), 10));
            tokens.add(token);
        }
        gateway.resetCounters();

        Run pass = drift("--page-size=100");

        assertThat(gateway.calls(Route.GET_TOKEN)).isZero();
        assertThat(gateway.calls(Route.LIST_TOKENS)).isEqualTo(1);
        assertThat(pass.out).contains("1 gateway calls");
    }

    @Test
    void historyPrintsEveryOutcomeAndFindingOfOneTokenInOrderAsATableOrJsonLines() {
        EmulatedToken token = token(EmulatedToken.forUser(USER).remainQuota(500));
        EmulatedToken other = token(EmulatedToken.forUser(USER).remainQuota(500));
        String topUp = send(harness.eventsTopic(), token, CloudEvents.topUp(id(), token.id(), 250))
                .path("event_id")
                .asText();
        send(harness.eventsTopic(), other, CloudEvents.topUp(id(), other.id(), 1));
        String incident = send(
                        harness.securityEventsTopic(), token, CloudEvents.incident(id(), token.id(), "critical", null))
                .path("event_id")
                .asText();
        gateway.modifyToken(
                token.id(), t -> t.toBuilder().status(EmulatedToken.ENABLED).build());
        drift("--enforce");
        String enforced = finding(token, "re_enabled").path("finding_id").asText();
        harness.outcomes().awaitFor(enforced);

        Run table = command(Command.HISTORY, "history", "--token", Long.toString(token.id()), "--user", "" + USER);
        Run json = command(Command.HISTORY, "history", "--token", Long.toString(token.id()), "--json");

        assertThat(table.exitCode).isZero();
        assertThat(table.out)
                .containsSubsequence(
                        "outcome  billing.topup",
                        topUp,
                        "APPLIED: quota raised (remain_quota 500 -> 750)",
                        "outcome  security.incident",
                        incident,
                        "finding  re_enabled",
                        "status: 2 -> 1; enforced again by security.incident",
                        "outcome  security.incident",
                        "/token-policy-worker/drift " + enforced,
                        "APPLIED",
                        "4 entries for token " + token.id() + " of user " + USER);
        assertThat(json.out.lines().map(line -> Json.parse(line.getBytes(StandardCharsets.UTF_8), "line")))
                .extracting(line -> line.has("finding_id")
                        ? line.path("kind").asText()
                        : line.path("event_id").asText())
                .containsExactly(topUp, incident, "re_enabled", enforced);
    }

    private EmulatedToken token(EmulatedToken.Builder token) {
        return gateway.addToken(token.build());
    }

    private JsonNode send(String topic, EmulatedToken token, String event) {
        String id = Json.parse(event.getBytes(StandardCharsets.UTF_8), "event")
                .path("id")
                .asText();
        harness.producer().send(new ProducerRecord<>(topic, Long.toString(token.id()), event));
        return harness.outcomes().awaitFor(id);
    }

    private JsonNode finding(EmulatedToken token, String kind) {
        ConsumerRecord<byte[], byte[]> record = findings.await(kind + " of token " + token.id(), found -> {
            JsonNode json = Json.parse(found.value(), "finding");
            return json.path("token_id").asLong() == token.id()
                    && json.path("kind").asText().equals(kind);
        });
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(Long.toString(token.id()));
        JsonNode finding = Json.parse(record.value(), "finding");
        ContractSchemas.requireValid(ContractSchemas.driftFinding(), finding, "finding of token " + token.id());
        return finding;
    }

    private record Run(int exitCode, String out) {}

    private Run drift(String... options) {
        List<String> args = new ArrayList<>(List.of("drift"));
        args.addAll(List.of(options));
        return command(Command.DRIFT, args.toArray(String[]::new));
    }

    /** The command as the jar runs it, with the run's settings (its topics, the emulator) after its own arguments. */
    private Run command(Command command, String... arguments) {
        List<String> args = new ArrayList<>(List.of(arguments));
        harness.workerSettings().forEach((name, value) -> args.add("--" + name + "=" + value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exitCode = CommandRun.run(
                command,
                TokenPolicyWorkerApplication.class,
                new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err),
                args.toArray(String[]::new));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8));
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }
}
