package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static io.tokenpolicy.worker.emulator.Fixtures.ALICE_ACCESS;
import static io.tokenpolicy.worker.emulator.Fixtures.BOB;
import static io.tokenpolicy.worker.emulator.RawGatewayCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenApiEmulatorAccessTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    private final long tokenId =
            emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void unknownAccessTokenIsHttp200Unauthorized() {
        HttpResponse<String> response = new RawGatewayCalls(emulator, ALICE, "stolen").get(tokenId);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("success").booleanValue()).isFalse();
        assertThat(json(response).get("message").textValue()).isEqualTo("Unauthorized, invalid access token");
    }

    @Test
    void missingOrMismatchedUserHeaderIs401() {
        List<HttpResponse<String>> responses = List.of(
                alice.send(alice.request("/api/token/" + tokenId).setHeader("New-Api-User", "")),
                alice.send(alice.request("/api/token/" + tokenId).setHeader("New-Api-User", "alice")),
                alice.send(alice.request("/api/token/" + tokenId).setHeader("New-Api-User", Long.toString(BOB))),
                alice.send(alice.request("/api/token/" + tokenId).setHeader("Authorization", "")),
                alice.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/token/" + tokenId))
                        .header("New-Api-User", "1")),
                alice.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/token/" + tokenId))
                        .header("Authorization", ALICE_ACCESS)));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("success").booleanValue()).isFalse();
        });
    }

    @Test
    void bareAccessTokenIsAccepted() {
        HttpResponse<String> response =
                alice.send(alice.request("/api/token/" + tokenId).setHeader("Authorization", ALICE_ACCESS));

        assertThat(json(response).get("success").booleanValue()).isTrue();
    }

    @Test
    void headersAndBodiesTheClientSentAreRecorded() {
        alice.read(tokenId);
        alice.putStatusOnly(tokenId, EmulatedToken.DISABLED);

        RecordedRequest get = emulator.requests(Route.GET_TOKEN).get(0);
        assertThat(get.header("authorization")).isEqualTo("Bearer " + ALICE_ACCESS);
        assertThat(get.header("new-api-user")).isEqualTo("1");
        assertThat(emulator.putBodies()).containsExactly("{\"id\":" + tokenId + ",\"status\":2}");
    }

    @Test
    void callsAreCountedByRouteUntilReset() {
        alice.get(tokenId);
        alice.put(alice.read(tokenId));
        alice.putStatusOnly(tokenId, EmulatedToken.DISABLED);
        alice.list(1, 10);

        assertThat(emulator.calls(Route.GET_TOKEN)).isEqualTo(2);
        assertThat(emulator.calls(Route.PUT_TOKEN)).isEqualTo(1);
        assertThat(emulator.calls(Route.PUT_STATUS_ONLY)).isEqualTo(1);
        assertThat(emulator.calls(Route.LIST_TOKENS)).isEqualTo(1);
        emulator.resetCounters();
        assertThat(emulator.calls(Route.GET_TOKEN)).isZero();
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void rateLimitAnswers429WithEmptyBody() {
        emulator.setRateLimit(2, Duration.ofHours(1));

        alice.get(tokenId);
        alice.get(tokenId);
        HttpResponse<String> refused = alice.get(tokenId);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEmpty();
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        assertThat(emulator.tooManyRequestsAnswered()).isEqualTo(1);
        emulator.clearRateLimit();
        assertThat(alice.get(tokenId).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRouteIs404() {
        HttpResponse<String> response = alice.send(alice.request("/api/token/1/extra"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(emulator.calls(Route.OTHER)).isEqualTo(1);
    }
}
