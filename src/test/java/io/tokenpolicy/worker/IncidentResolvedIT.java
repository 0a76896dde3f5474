package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code security.incident_resolved} against the worker as its own JVM: it re-enables a token that a
 * security event disabled, also after a restart or a SIGKILL between the disabling write and its outcome, and
 * nothing that billing, the owner or an admin stopped.
 */
@RunsBesideOthers
@WorkerHarness(user = IncidentResolvedIT.USER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentResolvedIT {

    static final long USER = 31;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private WorkerJvm worker;

    IncidentResolvedIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
    }

    @BeforeAll
    void start() {
        worker = WorkerJvm.start("incident-resolved-" + harness.run(), settings());
    }

    @AfterAll
    void stop() {
        worker.close();
    }

    @Test
    void incidentResolvedReEnablesATokenACriticalIncidentDisabled() {
        EmulatedToken token =
                gateway.addToken(EmulatedToken.forUser(USER).remainQuota(500).build());

        assertThat(send(token, CloudEvents.incident(id(), token.id(), "critical", null))
                        .path("result")
                        .asText())
                .isEqualTo("APPLIED");
        worker.close();
        worker = WorkerJvm.start("incident-resolved-" + harness.run(), settings());
        JsonNode resolved = send(token, resolution(token));

        assertThat(resolved.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void incidentResolvedReEnablesATokenWhoseDisableLandedJustBeforeTheWorkerWasKilled() {
        EmulatedToken token =
                gateway.addToken(EmulatedToken.forUser(USER).remainQuota(500).build());
        String incident = CloudEvents.incident(id(), token.id(), "critical", null);
        gateway.holdWriteAnswers(Duration.ofSeconds(30));
        try {
            publish(token, incident);
            await("the disable landed")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> gateway.token(token.id()).status() == EmulatedToken.DISABLED);
            worker.kill();
        } finally {
            gateway.holdWriteAnswers(Duration.ZERO);
        }
        worker = WorkerJvm.start("incident-resolved-" + harness.run(), settings());

        JsonNode redelivered =
                harness.outcomes().awaitAll(List.of(CloudEvents.idOf(incident))).get(0);
        JsonNode resolved = send(token, resolution(token));

        assertThat(redelivered.path("result").asText())
                .as("the redelivered incident has its one effect-bearing outcome")
                .isIn("APPLIED", "NO_CHANGE");
        assertThat(resolved.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void incidentResolvedDoesNotReEnableATokenBillingDisabled() {
        EmulatedToken token =
                gateway.addToken(EmulatedToken.forUser(USER).remainQuota(500).build());

        send(token, CloudEvents.event(id(), "billing.subscription_ended", Map.of("token_id", token.id())));
        JsonNode resolved = send(token, resolution(token));

        assertLeftDisabled(token, resolved);
    }

    @Test
    void incidentResolvedDoesNotReEnableATokenBillingEndedAfterTheIncident() {
        EmulatedToken token =
                gateway.addToken(EmulatedToken.forUser(USER).remainQuota(500).build());

        send(token, CloudEvents.incident(id(), token.id(), "critical", null));
        send(token, CloudEvents.event(id(), "billing.subscription_ended", Map.of("token_id", token.id())));
        JsonNode resolved = send(token, resolution(token));

        // billing never lifts the hold: it adds its own stop, which the resolution leaves in place
        assertThat(resolved.path("result").asText()).isEqualTo("NO_CHANGE");
        assertThat(resolved.path("reason").asText())
                .contains("billing stopped it too")
                .contains("re-enable it in the gateway by hand");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
    }

    @Test
    void incidentResolvedDoesNotReEnableATokenAnAdminDisabledInTheGateway() {
        EmulatedToken token = gateway.addToken(EmulatedToken.forUser(USER)
                .remainQuota(500)
                .status(EmulatedToken.DISABLED)
                .build());

        send(token, CloudEvents.incident(id(), token.id(), "critical", null));
        JsonNode resolved = send(token, resolution(token));

        assertLeftDisabled(token, resolved);
    }

    private void assertLeftDisabled(EmulatedToken token, JsonNode resolved) {
        assertThat(resolved.path("result").asText()).isEqualTo("NO_CHANGE");
        assertThat(resolved.path("reason").asText())
                .contains("not disabled by a security event")
                .contains("re-enable it in the gateway by hand");
        assertThat(gateway.token(token.id()).status()).isEqualTo(EmulatedToken.DISABLED);
    }

    private String resolution(EmulatedToken token) {
        return CloudEvents.event(id(), "security.incident_resolved", Map.of("token_id", token.id()));
    }

    private JsonNode send(EmulatedToken token, String event) {
        publish(token, event);
        return harness.outcomes().awaitAll(List.of(CloudEvents.idOf(event))).get(0);
    }

    private void publish(EmulatedToken token, String event) {
        harness.producer().send(new ProducerRecord<>(harness.eventsTopic(), Long.toString(token.id()), event));
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("logging.level.io.tokenpolicy", "warn");
        return WorkerSettings.killable(settings);
    }
}
