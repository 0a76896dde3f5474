package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static io.tokenpolicy.worker.emulator.Fixtures.BOB;
import static io.tokenpolicy.worker.emulator.RawGatewayCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenApiEmulatorTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void putWithOmittedFieldsZeroesThem() {
        EmulatedToken seeded = emulator.addToken(EmulatedToken.forUser(ALICE)
                .expiredTime(Fixtures.aDayFromNow())
                .remainQuota(1000)
                .allowIps("10.0.0.1")
                .group("vip")
                .modelLimitsEnabled(true)
                .modelLimits("gpt-5.4")
                .autoGroups(List.of("vip"))
                .usedQuota(7)
                .build());

        HttpResponse<String> response = alice.putRaw("/api/token/", "{\"id\":" + seeded.id() + ",\"name\":\"x\"}");

        assertThat(json(response).get("success").booleanValue()).isTrue();
        EmulatedToken stored = emulator.token(seeded.id());
        assertThat(stored.name()).isEqualTo("x");
        assertThat(stored.expiredTime()).isZero();
        assertThat(stored.remainQuota()).isZero();
        assertThat(stored.allowIps()).isNull();
        assertThat(stored.group()).isEmpty();
        assertThat(stored.modelLimitsEnabled()).isFalse();
        assertThat(stored.modelLimits()).isEmpty();
        assertThat(stored.autoGroups())
                .as("newer servers keep auto_groups when omitted")
                .containsExactly("vip");
        assertThat(stored.key()).isEqualTo(seeded.key());
        assertThat(stored.usedQuota()).isEqualTo(7);
        assertThat(stored.status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void aFullPutShowsInItsTokensHistoryWithTheQuotaBeforeAndAfterButNotTheKey() {
        EmulatedToken seeded = emulator.addToken(
                EmulatedToken.forUser(ALICE).remainQuota(1000).usedQuota(7).build());
        ObjectNode token = alice.read(seeded.id()).put("remain_quota", 1500);
        emulator.simulateUsage(seeded.id(), 3);

        assertThat(json(alice.put(token)).get("success").booleanValue()).isTrue();

        assertThat(emulator.writesOf(seeded.id())).singleElement().satisfies(write -> {
            assertThat(write.route()).isEqualTo(Route.PUT_TOKEN);
            assertThat(write.before()).isEqualTo(new TokenWrite.State(997, 10, EmulatedToken.ENABLED, false));
            assertThat(write.after()).isEqualTo(new TokenWrite.State(1500, 10, EmulatedToken.ENABLED, false));
            assertThat(write.line())
                    .contains("funded total 1007 -> 1510, remain_quota 997 -> 1500, used_quota 10, status 1")
                    .doesNotContain(seeded.key());
        });
    }

    @Test
    void aRefusedWriteShowsInItsTokensHistoryWithTheRefusal() {
        long id = exhaustedToken();

        alice.putStatusOnly(id, EmulatedToken.ENABLED);

        assertThat(emulator.writesOf(id)).singleElement().satisfies(write -> assertThat(write.turnedAway())
                .startsWith("refused 200 success:false: "));
    }

    @Test
    void putIgnoresStatusInBody() {
        long id = enabledToken();
        ObjectNode token = alice.read(id).put("status", EmulatedToken.DISABLED);

        assertThat(json(alice.put(token)).get("success").booleanValue()).isTrue();

        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void putCannotWriteKeyUsedQuotaUserOrTimestamps() {
        EmulatedToken seeded =
                emulator.addToken(EmulatedToken.forUser(ALICE).usedQuota(5).build());
        ObjectNode token = alice.read(seeded.id())
                .put("key", "sk-forged")
                .put("used_quota", 0)
                .put("user_id", BOB)
                .put("created_time", 1)
                .put("accessed_time", 1);

        alice.put(token);

        assertThat(emulator.token(seeded.id())).isEqualTo(seeded);
    }

    @Test
    void statusOnlyPutChangesOnlyStatus() {
        EmulatedToken seeded = emulator.addToken(
                EmulatedToken.forUser(ALICE).allowIps("10.0.0.1").build());

        HttpResponse<String> response = alice.putStatusOnly(seeded.id(), EmulatedToken.DISABLED);

        assertThat(json(response).get("success").booleanValue()).isTrue();
        assertThat(emulator.token(seeded.id()))
                .isEqualTo(seeded.toBuilder().status(EmulatedToken.DISABLED).build());
    }

    @Test
    void reEnablingExhaustedTokenIsRefused() {
        long id = exhaustedToken();

        JsonNode answer = json(alice.putStatusOnly(id, EmulatedToken.ENABLED));

        assertThat(answer.get("success").booleanValue()).isFalse();
        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.EXHAUSTED);
    }

    @Test
    void reEnablingExpiredTokenIsRefused() {
        long id = emulator.addToken(EmulatedToken.forUser(ALICE)
                        .status(EmulatedToken.EXPIRED)
                        .expiredTime(Fixtures.aDayAgo())
                        .build())
                .id();

        JsonNode answer = json(alice.putStatusOnly(id, EmulatedToken.ENABLED));

        assertThat(answer.get("success").booleanValue()).isFalse();
        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.EXPIRED);
    }

    @Test
    void raisingQuotaThenStatusOnlyReEnablesExhaustedToken() {
        long id = exhaustedToken();

        JsonNode raised = json(alice.put(alice.read(id).put("remain_quota", 1000)));
        JsonNode enabled = json(alice.putStatusOnly(id, EmulatedToken.ENABLED));

        assertThat(raised.at("/data/status").intValue()).isEqualTo(EmulatedToken.EXHAUSTED);
        assertThat(enabled.get("success").booleanValue()).isTrue();
        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(emulator.token(id).remainQuota()).isEqualTo(1000);
    }

    @Test
    void putWithoutTrailingSlashRedirects() {
        long id = enabledToken();

        HttpResponse<String> response =
                alice.putRaw("/api/token", alice.read(id).put("name", "renamed").toString());

        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/token/");
        assertThat(emulator.token(id).name()).isEqualTo("token");
    }

    @Test
    void businessErrorsAreHttp200WithSuccessFalse() {
        long id = enabledToken();

        HttpResponse<String> badJson = alice.putRaw("/api/token/", "{not json");
        HttpResponse<String> wrongType = alice.putRaw("/api/token/", "{\"id\":" + id + ",\"remain_quota\":\"1000\"}");
        HttpResponse<String> unknownId = alice.get(999);

        for (HttpResponse<String> response : List.of(badJson, wrongType, unknownId)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("success").booleanValue()).isFalse();
            assertThat(json(response).get("message").textValue()).isNotEmpty();
        }
    }

    @Test
    void nameOver50BytesRejected() {
        long id = enabledToken();

        JsonNode answer = json(alice.put(alice.read(id).put("name", "é".repeat(26))));
        JsonNode fifty = json(alice.put(alice.read(id).put("name", "é".repeat(25))));

        assertThat(answer.get("success").booleanValue()).isFalse();
        assertThat(fifty.get("success").booleanValue()).isTrue();
    }

    @Test
    void quotaAbove5e14Rejected() {
        long id = enabledToken();

        JsonNode above = json(alice.put(alice.read(id).put("remain_quota", TokenUpdate.MAX_QUOTA + 1)));
        JsonNode unlimited = json(alice.put(
                alice.read(id).put("remain_quota", TokenUpdate.MAX_QUOTA + 1).put("unlimited_quota", true)));

        assertThat(above.get("success").booleanValue()).isFalse();
        assertThat(unlimited.get("success").booleanValue()).isTrue();
    }

    @Test
    void negativeQuotaRejected() {
        long id = enabledToken();

        JsonNode answer = json(alice.put(alice.read(id).put("remain_quota", -1)));

        assertThat(answer.get("success").booleanValue()).isFalse();
        assertThat(emulator.token(id).remainQuota()).isEqualTo(500_000);
    }

    @Test
    void quotaChecksApplyToStatusOnlyPutsToo() {
        long id = enabledToken();
        String body = "{\"id\":" + id + ",\"status\":2,\"remain_quota\":-1}";

        JsonNode answer = json(alice.putRaw("/api/token/?status_only=true", body));

        assertThat(answer.get("success").booleanValue()).isFalse();
        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void storedValuesAPutWouldRefuseStopAnEchoButNotAStatusOnlyPutOfIdAndStatus() {
        long id = emulator.addToken(EmulatedToken.forUser(ALICE)
                        .name("n".repeat(51))
                        .remainQuota(100)
                        .build())
                .id();
        emulator.simulateUsage(id, 400);
        ObjectNode echoed = alice.read(id).put("status", EmulatedToken.DISABLED);

        JsonNode echo = json(alice.putRaw("/api/token/?status_only=true", echoed.toString()));
        assertThat(echo.get("success").booleanValue()).isFalse();
        assertThat(echo.get("message").textValue()).isEqualTo("Token name is too long");
        JsonNode idAndStatus = json(alice.putStatusOnly(id, EmulatedToken.DISABLED));

        assertThat(idAndStatus.get("success").booleanValue()).isTrue();
        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(emulator.token(id).remainQuota()).isEqualTo(-300);
        assertThat(emulator.token(id).name()).isEqualTo("n".repeat(51));
    }

    @Test
    void refusalsOfOneTokenCarryTheGivenMessageWhateverIsAsked() {
        long id = enabledToken();
        long other = enabledToken();
        emulator.refuseCallsFor(id, "line one\r\nline two");

        List<JsonNode> answers = List.of(
                json(alice.get(id)),
                json(alice.put(alice.read(other).put("id", id))),
                json(alice.putStatusOnly(id, EmulatedToken.DISABLED)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.get("success").booleanValue()).isFalse();
            assertThat(answer.get("message").textValue()).isEqualTo("line one\r\nline two");
        });
        assertThat(json(alice.get(other)).get("success").booleanValue()).isTrue();
        assertThat(emulator.token(id).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    private long enabledToken() {
        return emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();
    }

    private long exhaustedToken() {
        EmulatedToken exhausted = EmulatedToken.forUser(ALICE)
                .status(EmulatedToken.EXHAUSTED)
                .remainQuota(0)
                .build();
        return emulator.addToken(exhausted).id();
    }
}
