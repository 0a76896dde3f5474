package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static io.tokenpolicy.worker.emulator.RawGatewayCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Forks that do not write what they are sent, and database errors inside the controller, on every profile. */
class TokenApiEmulatorForkTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void aForkThatReEnablesOnAQuotaRaiseEnablesADisabledTokenWhenItsQuotaIsRaised() {
        emulator.behaveLike(ForkBehaviour.RE_ENABLES_ON_QUOTA_RAISE);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE)
                        .status(EmulatedToken.DISABLED)
                        .remainQuota(100)
                        .build())
                .id();

        JsonNode lowered = json(alice.put(alice.read(id).put("remain_quota", 50)));
        int afterLowering = emulator.token(id).status();
        JsonNode raised = json(alice.put(alice.read(id).put("remain_quota", 500)));

        assertThat(lowered.at("/data/status").asInt()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(afterLowering).isEqualTo(EmulatedToken.DISABLED);
        assertThat(raised.at("/data/status").asInt()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void upstreamKeepsTheStatusWhenTheQuotaIsRaised() {
        long id = emulator.addToken(EmulatedToken.forUser(ALICE)
                        .status(EmulatedToken.DISABLED)
                        .build())
                .id();

        alice.put(alice.read(id).put("remain_quota", 5_000_000));

        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.DISABLED);
    }

    @Test
    void aServerThatDoesNotKnowAFieldNeitherStoresNorAnswersIt() {
        emulator.forgetField("allow_ips");
        long id = emulator.addToken(
                        EmulatedToken.forUser(ALICE).allowIps("10.0.0.0/8").build())
                .id();

        JsonNode read = json(alice.get(id));
        JsonNode written =
                json(alice.put(alice.read(id).put("allow_ips", "10.1.0.0/16").put("name", "renamed")));

        assertThat(read.path("data").has("allow_ips")).isFalse();
        assertThat(written.get("success").booleanValue()).isTrue();
        assertThat(written.path("data").has("allow_ips")).isFalse();
        assertThat(emulator.token(id).allowIps()).isEqualTo("10.0.0.0/8");
        assertThat(emulator.token(id).name()).isEqualTo("renamed");
    }

    @Test
    void onlyWritableFieldsCanBeForgotten() {
        assertThatThrownBy(() -> emulator.forgetField("used_quota")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aForkWhosePutAnswerDiffersFromWhatItWroteAnswersTheTokenAsItWas() {
        emulator.behaveLike(ForkBehaviour.ANSWERS_STATE_BEFORE_WRITE);
        long id = emulator.addToken(
                        EmulatedToken.forUser(ALICE).remainQuota(100).build())
                .id();

        JsonNode answer = json(alice.put(alice.read(id).put("remain_quota", 900)));

        assertThat(answer.at("/data/remain_quota").asLong()).isEqualTo(100);
        assertThat(emulator.token(id).remainQuota()).isEqualTo(900);
    }

    @ParameterizedTest
    @EnumSource(ServerProfile.class)
    void aDatabaseErrorOnLookupIsHttp200SuccessFalseWithTheDriversText(ServerProfile profile) {
        emulator.speak(profile).failDatabase(DatabaseStep.LOOKUP, 1, DatabaseStep.MYSQL_LOCK_WAIT);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        HttpResponse<String> failed = alice.get(id);
        HttpResponse<String> next = alice.get(id);

        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(json(failed).get("success").booleanValue()).isFalse();
        assertThat(json(failed).get("message").asText()).isEqualTo(DatabaseStep.MYSQL_LOCK_WAIT);
        assertThat(json(next).get("success").booleanValue()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ServerProfile.class)
    void aDatabaseErrorOnUpdateChangesNothing(ServerProfile profile) {
        emulator.speak(profile);
        long id = emulator.addToken(
                        EmulatedToken.forUser(ALICE).remainQuota(100).build())
                .id();
        emulator.failDatabase(DatabaseStep.UPDATE, 1, DatabaseStep.SQLITE_LOCKED);

        HttpResponse<String> failed = alice.put(alice.read(id).put("remain_quota", 900));

        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(json(failed).get("message").asText()).isEqualTo("database is locked");
        assertThat(emulator.token(id).remainQuota()).isEqualTo(100);
    }

    @Test
    void aDatabaseErrorOnUpdateComesAfterTheChecksOfTheBody() {
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();
        emulator.failDatabase(DatabaseStep.UPDATE, 1, DatabaseStep.SQLITE_LOCKED);

        JsonNode refused = json(alice.put(alice.read(id).put("remain_quota", -1)));
        JsonNode failed = json(alice.put(alice.read(id).put("remain_quota", 1)));

        assertThat(refused.get("message").asText()).isEqualTo("Quota value cannot be negative");
        assertThat(failed.get("message").asText()).isEqualTo("database is locked");
    }
}
