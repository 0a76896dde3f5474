package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.RecordedRequest;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A worker acting for several gateway users from a credentials file, which it reads again when it changes. */
@WorkerHarness
@ExtendWith(OutputCaptureExtension.class)
class GatewayUsersIT {

    private static final Map<Long, String> ACCESS_TOKENS = Map.of(
            21L, "users-it-21-" + UUID.randomUUID(),
            22L, "users-it-22-" + UUID.randomUUID(),
            23L, "users-it-23-" + UUID.randomUUID());

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;

    GatewayUsersIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @TempDir
    Path dir;

    @BeforeEach
    void connect() {
        ACCESS_TOKENS.forEach(gateway::addUser);
    }

    @Test
    void eachUsersTokenIsChangedWithItsOwnersCredentialsOnlyAndAnUnknownUserIsRejected() throws IOException {
        EmulatedToken first =
                gateway.addToken(EmulatedToken.forUser(21).remainQuota(100).build());
        EmulatedToken second =
                gateway.addToken(EmulatedToken.forUser(22).remainQuota(200).build());
        EmulatedToken unknown =
                gateway.addToken(EmulatedToken.forUser(23).remainQuota(300).build());
        Path credentials = credentials(21, 22);

        try (WorkerProcess worker =
                WorkerProcess.start(WorkerSettings.withCredentialsFile(harness.workerSettings(), credentials))) {
            JsonNode firstOutcome = send(first, 21, 10);
            JsonNode secondOutcome = send(second, 22, 20);
            JsonNode unknownOutcome = send(unknown, 23, 30);

            assertThat(firstOutcome.path("result").asText()).isEqualTo("APPLIED");
            assertThat(secondOutcome.path("result").asText()).isEqualTo("APPLIED");
            assertThat(unknownOutcome.path("result").asText()).isEqualTo("REJECTED");
            assertThat(unknownOutcome.path("reason").asText())
                    .contains("no gateway credentials configured for user_id 23");
            assertThat(gateway.token(first.id()).remainQuota()).isEqualTo(110);
            assertThat(gateway.token(second.id()).remainQuota()).isEqualTo(220);
            assertThat(gateway.token(unknown.id()).remainQuota()).isEqualTo(300);
            assertEveryCallMadeWithTheOwnersCredentials(Map.of(first.id(), 21L, second.id(), 22L));
        }
    }

    @Test
    void aChangedCredentialsFileIsPickedUpAndABrokenOneKeepsTheUsersReadBefore(CapturedOutput output)
            throws IOException {
        EmulatedToken later =
                gateway.addToken(EmulatedToken.forUser(23).remainQuota(300).build());
        Path credentials = credentials(21);

        try (WorkerProcess worker =
                WorkerProcess.start(WorkerSettings.withCredentialsFile(harness.workerSettings(), credentials))) {
            assertThat(send(later, 23, 5).path("result").asText()).isEqualTo("REJECTED");

            Files.writeString(credentials, "users: [{user_id: 21, access_token: x}, {user_id: 21, access_token: y}]");
            await("the broken file reported").atMost(Duration.ofSeconds(10)).until(() -> output.getAll()
                    .contains("appears twice; keeping the credentials of 1 users"));
            credentials(21, 23);
            await("the new file read").atMost(Duration.ofSeconds(10)).until(() -> output.getAll()
                    .contains("changed: now 2 users [21, 23]"));

            assertThat(send(later, 23, 7).path("result").asText()).isEqualTo("APPLIED");
            assertThat(gateway.token(later.id()).remainQuota()).isEqualTo(307);
            assertThat(output.getAll()).doesNotContain(ACCESS_TOKENS.get(21L)).doesNotContain(ACCESS_TOKENS.get(23L));
        }
    }

    private void assertEveryCallMadeWithTheOwnersCredentials(Map<Long, Long> owners) {
        List<RecordedRequest> calls = gateway.requests();
        assertThat(calls).isNotEmpty().allSatisfy(call -> {
            long owner = owners.get(tokenIdOf(call));
            assertThat(call.header("New-Api-User")).isEqualTo(Long.toString(owner));
            assertThat(call.header("Authorization")).isEqualTo("Bearer " + ACCESS_TOKENS.get(owner));
        });
        assertThat(calls).extracting(RecordedRequest::route).contains(Route.GET_TOKEN, Route.PUT_TOKEN);
    }

    private static long tokenIdOf(RecordedRequest call) {
        if (call.route() == Route.GET_TOKEN) {
            return Long.parseLong(call.path().substring(call.path().lastIndexOf('/') + 1));
        }
        return Long.parseLong(call.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    }

    private JsonNode send(EmulatedToken token, long userId, long amount) {
        String id = "evt-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(
                harness.eventsTopic(),
                Long.toString(token.id()),
                CloudEvents.topUpFor(id, token.id(), userId, amount)));
        return outcomes.awaitFor(id);
    }

    private Path credentials(long... users) throws IOException {
        StringBuilder yaml = new StringBuilder("users:\n");
        for (long user : users) {
            yaml.append("  - user_id: ")
                    .append(user)
                    .append("\n    access_token: \"")
                    .append(ACCESS_TOKENS.get(user))
                    .append("\"\n");
        }
        return Files.writeString(dir.resolve("credentials.yaml"), yaml);
    }
}
