package io.tokenpolicy.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedDialect;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The worker end to end against the emulator speaking each gateway's dialect. */
@WorkerHarness(user = GatewayDialectsIT.USER)
class GatewayDialectsIT {

    static final long USER = 31;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final String run;
    private final KafkaProducer<String, String> producer;
    private final Outcomes outcomes;

    GatewayDialectsIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.run = harness.run();
        this.producer = harness.producer();
        this.outcomes = harness.outcomes();
    }

    @Test
    void newApiNarrowsAllowIpsAndKeepsCommaSeparatedModelLimits() {
        EmulatedToken token = seed(EmulatedDialect.NEW_API, "10.0.0.0/8\n192.168.1.10", "gpt-5.4,claude-sonnet-4-6");

        JsonNode outcome = narrow("new-api", token, List.of("10.1.0.0/16", "172.16.0.1"));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).allowIps()).isEqualTo("10.1.0.0/16");
        assertThat(gateway.token(token.id()).modelLimits()).isEqualTo("gpt-5.4,claude-sonnet-4-6");
        assertThat(gateway.requests()).allMatch(call -> Long.toString(USER).equals(call.header("New-Api-User")));
    }

    @Test
    void crazyrouterNarrowsAllowIpsAndKeepsJsonArrayModelLimits() {
        EmulatedToken token = seed(EmulatedDialect.CRAZYROUTER, "10.0.0.0/8", "[\"gpt-5.4\",\"claude-sonnet-4-6\"]");

        JsonNode outcome = narrow("crazyrouter", token, List.of("10.1.0.0/16"));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).allowIps()).isEqualTo("10.1.0.0/16");
        assertThat(gateway.token(token.id()).modelLimits()).isEqualTo("[\"gpt-5.4\",\"claude-sonnet-4-6\"]");
    }

    @Test
    void oneApiNarrowsItsSubnetToCommaSeparatedCidrsWithoutTheUserHeader() {
        EmulatedToken token = seed(EmulatedDialect.ONE_API, "10.0.0.0/8,192.168.1.0/24", "gpt-5.4");

        JsonNode outcome = narrow("one-api", token, List.of("10.1.2.3", "192.168.1.0/25"));

        assertThat(outcome.path("result").asText()).isEqualTo("APPLIED");
        assertThat(gateway.token(token.id()).allowIps()).isEqualTo("10.1.2.3/32,192.168.1.0/25");
        assertThat(gateway.token(token.id()).modelLimits()).isEqualTo("gpt-5.4");
        assertThat(gateway.requests()).isNotEmpty().allMatch(call -> call.header("New-Api-User") == null);
    }

    private JsonNode narrow(String dialect, EmulatedToken token, List<String> allowIps) {
        String id = "evt-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(
                harness.eventsTopic(), Long.toString(token.id()), CloudEvents.ipRestriction(id, token.id(), allowIps)));
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-api.dialect", dialect);
        try (WorkerProcess worker = WorkerProcess.start(settings)) {
            return outcomes.awaitFor(id);
        }
    }

    private EmulatedToken seed(EmulatedDialect dialect, String allowIps, String models) {
        gateway.speak(dialect);
        return gateway.addToken(EmulatedToken.forUser(USER)
                .allowIps(allowIps)
                .modelLimitsEnabled(true)
                .modelLimits(models)
                .build());
    }
}
