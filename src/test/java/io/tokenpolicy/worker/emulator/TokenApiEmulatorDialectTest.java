package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static io.tokenpolicy.worker.emulator.RawGatewayCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenApiEmulatorDialectTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void oneApiSpeaksModelsAndSubnetAndNeedsNoUserHeader() {
        emulator.speak(EmulatedDialect.ONE_API);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE)
                        .modelLimitsEnabled(true)
                        .modelLimits("a,b")
                        .allowIps("10.0.0.0/8,192.168.0.0/16")
                        .build())
                .id();

        JsonNode token = json(alice.send(alice.request("/api/token/" + id).setHeader("New-Api-User", "")));

        assertThat(token.at("/data/models").asText()).isEqualTo("a,b");
        assertThat(token.at("/data/subnet").asText()).isEqualTo("10.0.0.0/8,192.168.0.0/16");
        assertThat(token.path("data").has("allow_ips")).isFalse();
        assertThat(token.path("data").has("model_limits_enabled")).isFalse();
    }

    @Test
    void oneApiRefusesASubnetThatIsNotCidrsAndANameOver30Bytes() {
        emulator.speak(EmulatedDialect.ONE_API);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();
        ObjectNode token = alice.read(id);

        HttpResponse<String> bareAddress = alice.put(token.deepCopy().put("subnet", "10.0.0.0/8,10.1.2.3"));
        HttpResponse<String> longName = alice.put(token.deepCopy().put("name", "n".repeat(31)));
        HttpResponse<String> cidrs = alice.put(token.deepCopy().put("subnet", "10.0.0.0/8, 10.1.2.3/32"));

        assertThat(json(bareAddress).get("success").booleanValue()).isFalse();
        assertThat(json(longName).get("success").booleanValue()).isFalse();
        assertThat(json(cidrs).get("success").booleanValue()).isTrue();
        assertThat(emulator.token(id).allowIps()).isEqualTo("10.0.0.0/8, 10.1.2.3/32");
    }

    @Test
    void crazyrouterWantsJsonArrayModelLimitsAndListsAsABareArray() {
        emulator.speak(EmulatedDialect.CRAZYROUTER);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();
        ObjectNode token = alice.read(id);

        HttpResponse<String> commas = alice.put(token.deepCopy().put("model_limits", "a,b"));
        HttpResponse<String> array = alice.put(token.deepCopy().put("model_limits", "[\"a\",\"b\"]"));
        JsonNode list = json(alice.list(1, 10));

        assertThat(json(commas).get("success").booleanValue()).isFalse();
        assertThat(json(array).get("success").booleanValue()).isTrue();
        assertThat(list.get("data").isArray()).isTrue();
        assertThat(list.at("/data/0/id").asLong()).isEqualTo(id);
    }
}
