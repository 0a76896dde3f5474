package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.commands.Command;
import io.tokenpolicy.worker.commands.CommandRun;
import io.tokenpolicy.worker.commands.Console;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code --explain=event.json} prints the planned change against the live token, writes nothing, and needs no Kafka. */
@ExtendWith(OutputCaptureExtension.class)
class ExplainCommandIT {

    private static final long USER = 51;
    private static final String ACCESS_TOKEN = "explain-it-" + UUID.randomUUID();

    private final TokenApiEmulator gateway = TokenApiEmulator.start(0).addUser(USER, ACCESS_TOKEN);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void explainPrintsThePlannedChangeAndWritesNothing(CapturedOutput output) throws IOException {
        EmulatedToken token = gateway.addToken(
                EmulatedToken.forUser(USER).allowIps("10.0.0.0/8\n192.168.1.10").build());
        Path event = Files.writeString(
                dir.resolve("event.json"),
                CloudEvents.ipRestriction("sec-982", token.id(), List.of("10.1.2.0/24", "172.16.0.1")));

        int exitCode = explain(event);

        assertThat(exitCode).isZero();
        assertThat(output.getOut())
                .contains("event sec-982 (security.ip_restriction) for token " + token.id() + " of user " + USER)
                .contains("result: PLANNED: ")
                .contains("would write: full PUT")
                .contains("  allow_ips: \"10.0.0.0/8\\n192.168.1.10\" -> \"10.1.2.0/24\"")
                .contains("\"result\":\"PLANNED\"")
                .doesNotContain(ACCESS_TOKEN);
        assertThat(gateway.calls(Route.GET_TOKEN)).isEqualTo(1);
        assertThat(gateway.calls(Route.PUT_TOKEN) + gateway.calls(Route.PUT_STATUS_ONLY))
                .isZero();
    }

    @Test
    void anInvalidEventIsExplainedAsRejected(CapturedOutput output) throws IOException {
        Path event = Files.writeString(
                dir.resolve("event.json"),
                CloudEvents.event("bad-1", "billing.topup", java.util.Map.of("token_id", 5, "amount", -3)));

        int exitCode = explain(event);

        assertThat(exitCode).isEqualTo(3);
        assertThat(output.getOut()).contains("result: REJECTED: ").contains("amount");
        assertThat(gateway.requests()).isEmpty();
    }

    private int explain(Path event) {
        return CommandRun.run(
                Command.EXPLAIN,
                TokenPolicyWorkerApplication.class,
                new Console(System.out, System.err),
                "--explain=" + event,
                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                "--token-api.base-url=" + gateway.baseUrl(),
                "--token-api.user-id=" + USER,
                "--token-api.access-token=" + ACCESS_TOKEN);
    }
}
