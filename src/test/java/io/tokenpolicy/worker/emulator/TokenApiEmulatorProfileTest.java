package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static io.tokenpolicy.worker.emulator.RawGatewayCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each server profile does that the others do not (docs/gateways.md). */
class TokenApiEmulatorProfileTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void newApi202608RefusesAnUnknownOrMissingAccessTokenAndADisabledUserWith401AndACode() {
        emulator.speak(ServerProfile.NEW_API_2026_08);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        HttpResponse<String> unknown =
                alice.send(alice.request("/api/token/" + id).setHeader("Authorization", "Bearer nobody's"));
        HttpResponse<String> missing =
                alice.send(alice.request("/api/token/" + id).setHeader("Authorization", ""));
        emulator.disableUser(ALICE);
        HttpResponse<String> disabled = alice.get(id);

        for (HttpResponse<String> refused : List.of(unknown, missing, disabled)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(json(refused).get("success").booleanValue()).isFalse();
            assertThat(json(refused).get("code").asText()).isEqualTo("AUTH_UNAUTHORIZED");
        }
    }

    @Test
    void newApi202604AnswersAnUnknownAccessTokenAndADisabledUserWith200SuccessFalse() {
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        HttpResponse<String> unknown =
                alice.send(alice.request("/api/token/" + id).setHeader("Authorization", "Bearer nobody's"));
        emulator.disableUser(ALICE);
        HttpResponse<String> disabled = alice.get(id);

        for (HttpResponse<String> refused : List.of(unknown, disabled)) {
            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(json(refused).get("success").booleanValue()).isFalse();
            assertThat(json(refused).has("code")).isFalse();
        }
    }

    @Test
    void newApi202608IgnoresTheUserHeaderTheAccessTokenAloneNamesTheUser() {
        emulator.speak(ServerProfile.NEW_API_2026_08);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        HttpResponse<String> otherUser =
                alice.send(alice.request("/api/token/" + id).setHeader("New-Api-User", "2"));
        HttpResponse<String> noUser =
                alice.send(alice.request("/api/token/" + id).setHeader("New-Api-User", ""));

        assertThat(json(otherUser).at("/data/user_id").asLong()).isEqualTo(ALICE);
        assertThat(json(noUser).at("/data/user_id").asLong()).isEqualTo(ALICE);
    }

    @Test
    void newApi202604RefusesAMismatchingUserHeaderWith401() {
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        HttpResponse<String> otherUser =
                alice.send(alice.request("/api/token/" + id).setHeader("New-Api-User", "2"));

        assertThat(otherUser.statusCode()).isEqualTo(401);
    }

    @Test
    void newApi202608HasTheRaisedDefaultRateLimitAndSaysWhenToRetry() {
        emulator.speak(ServerProfile.NEW_API_2026_08).useDefaultRateLimit();
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        for (int i = 0; i < 360; i++) {
            assertThat(alice.get(id).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = alice.get(id);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEmpty();
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 180L));
    }

    @Test
    void olderServersAnswerA429WithAnEmptyBodyAndNoRetryAfter() {
        emulator.setRateLimit(1, Duration.ofMinutes(3));
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();
        alice.get(id);

        HttpResponse<String> refused = alice.get(id);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEmpty();
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void theDefaultRateLimitsAreEachServersOwn() {
        assertThat(ServerProfile.NEW_API_2026_04.defaultRateLimit()).isEqualTo(180);
        assertThat(ServerProfile.NEW_API_2026_08.defaultRateLimit()).isEqualTo(360);
        assertThat(ServerProfile.CRAZYROUTER.defaultRateLimit()).isEqualTo(180);
        assertThat(ServerProfile.ONE_API.defaultRateLimit()).isEqualTo(480);
        assertThat(ServerProfile.RATE_LIMIT_WINDOW).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void newApi202608KeepsAnOmittedAutoGroupsAndValidatesASentOne() {
        emulator.speak(ServerProfile.NEW_API_2026_08).setSelectableGroups(ALICE, Set.of("default", "vip"));
        long id = emulator.addToken(EmulatedToken.forUser(ALICE)
                        .group("auto")
                        .autoGroups(List.of("vip"))
                        .build())
                .id();
        ObjectNode read = alice.read(id);
        read.remove("auto_groups");

        JsonNode omitted = json(alice.put(read.deepCopy().put("remain_quota", 7)));
        JsonNode duplicate = json(alice.put(withAutoGroups(read, "vip", "vip")));
        JsonNode notSelectable = json(alice.put(withAutoGroups(read, "admin")));
        JsonNode tooMany = json(
                alice.put(withAutoGroups(read, "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9", "g10", "g11")));
        JsonNode valid = json(alice.put(withAutoGroups(read, "default", "vip")));

        assertThat(omitted.get("success").booleanValue()).isTrue();
        assertThat(omitted.at("/data/auto_groups/0").asText()).isEqualTo("vip");
        assertThat(List.of(duplicate, notSelectable, tooMany))
                .allSatisfy(refused ->
                        assertThat(refused.get("success").booleanValue()).isFalse());
        assertThat(valid.get("success").booleanValue()).isTrue();
        assertThat(emulator.token(id).autoGroups()).containsExactly("default", "vip");
    }

    @Test
    void aStoredAutoGroupsAnAdminMadeInvalidFailsEveryPutThatEchoesItButNotOneThatOmitsIt() {
        emulator.speak(ServerProfile.NEW_API_2026_08);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE)
                        .group("auto")
                        .autoGroups(List.of("vip"))
                        .build())
                .id();
        ObjectNode read = alice.read(id);
        emulator.setSelectableGroups(ALICE, Set.of("default"));

        JsonNode echoed = json(alice.put(read.deepCopy().put("remain_quota", 7)));
        read.remove("auto_groups");
        JsonNode omitted = json(alice.put(read.put("remain_quota", 8)));

        assertThat(echoed.get("success").booleanValue()).isFalse();
        assertThat(omitted.get("success").booleanValue()).isTrue();
        assertThat(emulator.token(id).remainQuota()).isEqualTo(8);
        assertThat(emulator.token(id).autoGroups()).containsExactly("vip");
    }

    @Test
    void olderServersTakeAnyAutoGroups() {
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();
        emulator.setSelectableGroups(ALICE, Set.of("default"));

        JsonNode duplicate = json(alice.put(withAutoGroups(alice.read(id), "vip", "vip")));

        assertThat(duplicate.get("success").booleanValue()).isTrue();
    }

    @Test
    void newApi202608ForcesCrossGroupRetryOffForAGroupOtherThanAuto() {
        emulator.speak(ServerProfile.NEW_API_2026_08);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        JsonNode vip = json(alice.put(alice.read(id).put("group", "vip").put("cross_group_retry", true)));
        boolean storedForVip = emulator.token(id).crossGroupRetry();
        JsonNode auto = json(alice.put(alice.read(id).put("group", "auto").put("cross_group_retry", true)));

        assertThat(vip.at("/data/cross_group_retry").booleanValue()).isFalse();
        assertThat(storedForVip).isFalse();
        assertThat(auto.at("/data/cross_group_retry").booleanValue()).isTrue();
    }

    @Test
    void newApi202604StoresCrossGroupRetryWhateverTheGroup() {
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        alice.put(alice.read(id).put("group", "vip").put("cross_group_retry", true));

        assertThat(emulator.token(id).crossGroupRetry()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = ServerProfile.class,
            names = {"NEW_API_2026_04", "NEW_API_2026_08", "CRAZYROUTER"})
    void theQuotaMaximumIsABillionTimesQuotaPerUnit(ServerProfile profile) {
        emulator.speak(profile).setQuotaPerUnit(1_000);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        JsonNode atMax = json(alice.put(alice.read(id).put("remain_quota", 1_000_000_000_000L)));
        JsonNode aboveMax = json(alice.put(alice.read(id).put("remain_quota", 1_000_000_000_001L)));

        assertThat(atMax.get("success").booleanValue()).isTrue();
        assertThat(aboveMax.get("success").booleanValue()).isFalse();
    }

    @Test
    void oneApiHasNoGroupShowsTheFullKeyAndHasNoQuotaBounds() {
        emulator.speak(ServerProfile.ONE_API);
        EmulatedToken seeded =
                emulator.addToken(EmulatedToken.forUser(ALICE).group("vip").build());

        JsonNode read = json(alice.get(seeded.id()));
        JsonNode negative =
                json(alice.put(alice.read(seeded.id()).put("remain_quota", -5).put("group", "default")));

        assertThat(read.at("/data/key").asText()).isEqualTo(seeded.key());
        assertThat(read.path("data").has("group")).isFalse();
        assertThat(read.path("data").has("cross_group_retry")).isFalse();
        assertThat(read.path("data").has("auto_groups")).isFalse();
        assertThat(negative.get("success").booleanValue()).isTrue();
        assertThat(negative.at("/data/key").asText()).isEqualTo(seeded.key());
        assertThat(emulator.token(seeded.id()).remainQuota()).isEqualTo(-5);
        assertThat(emulator.token(seeded.id()).group())
                .as("one-api has no group to write")
                .isEqualTo("vip");
    }

    @Test
    void oneApiAnswersAnUnknownAccessTokenWith200SuccessFalseAndListsABareArrayFromPageZero() {
        emulator.speak(ServerProfile.ONE_API);
        long id = emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

        HttpResponse<String> unknown =
                alice.send(alice.request("/api/token/" + id).setHeader("Authorization", "nobody's"));
        JsonNode firstPage = json(alice.list(0, 10));

        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(json(unknown).get("success").booleanValue()).isFalse();
        assertThat(firstPage.get("data").isArray()).isTrue();
        assertThat(firstPage.at("/data/0/id").asLong()).isEqualTo(id);
        assertThat(json(alice.list(1, 10)).get("data")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ServerProfile.class)
    void usageDrivesRemainQuotaBelowZeroOnEveryServer(ServerProfile profile) {
        emulator.speak(profile);
        long id = emulator.addToken(
                        EmulatedToken.forUser(ALICE).remainQuota(100).build())
                .id();

        emulator.simulateUsage(id, 250);

        assertThat(json(alice.get(id)).at("/data/remain_quota").asLong()).isEqualTo(-150);
    }

    @Test
    void onNewApiAJsonArrayModelLimitsIsSplitOnCommasAndAdmitsNoModel() {
        emulator.speak(ServerProfile.NEW_API_2026_08);
        long array = modelLimited("[\"a\",\"b\"]");
        long commas = modelLimited("a,b");

        assertThat(emulator.admitsModel(array, "a")).isFalse();
        assertThat(emulator.admitsModel(array, "b")).isFalse();
        assertThat(emulator.admitsModel(array, "[\"a\""))
                .as("the splitter's first piece")
                .isTrue();
        assertThat(emulator.admitsModel(commas, "a")).isTrue();
        assertThat(emulator.admitsModel(commas, " b")).as("untrimmed").isFalse();
    }

    @Test
    void crazyrouterReadsItsJsonArrayModelLimits() {
        emulator.speak(ServerProfile.CRAZYROUTER);

        assertThat(emulator.admitsModel(modelLimited("[\"a\",\"b\"]"), "b")).isTrue();
    }

    @Test
    void aCreateAnswersNoIdAndADeleteRemovesTheToken() {
        JsonNode created = json(alice.create(Reply.JSON
                .createObjectNode()
                .put("name", "scratch")
                .put("remain_quota", 10)
                .put("expired_time", -1)));
        JsonNode listed = json(alice.list(1, 10));
        long id = listed.at("/data/items/0/id").asLong();

        JsonNode deleted = json(alice.delete(id));

        assertThat(created.get("success").booleanValue()).isTrue();
        assertThat(created.has("data")).isFalse();
        assertThat(listed.at("/data/items/0/name").asText()).isEqualTo("scratch");
        assertThat(listed.at("/data/items/0/status").asInt()).isEqualTo(EmulatedToken.ENABLED);
        assertThat(deleted.get("success").booleanValue()).isTrue();
        assertThat(json(alice.get(id)).get("message").asText()).isEqualTo("record not found");
    }

    private long modelLimited(String models) {
        return emulator.addToken(EmulatedToken.forUser(ALICE)
                        .modelLimitsEnabled(true)
                        .modelLimits(models)
                        .build())
                .id();
    }

    private static ObjectNode withAutoGroups(ObjectNode token, String... groups) {
        ObjectNode body = token.deepCopy();
        body.putArray("auto_groups")
                .addAll(List.of(groups).stream()
                        .map(Reply.JSON.getNodeFactory()::textNode)
                        .map(JsonNode.class::cast)
                        .toList());
        return body;
    }
}
