package io.tokenpolicy.worker.emulator;

import static io.tokenpolicy.worker.emulator.Fixtures.ALICE;
import static io.tokenpolicy.worker.emulator.Fixtures.ALICE_ACCESS;
import static io.tokenpolicy.worker.emulator.RawGatewayCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenApiEmulatorFaultTest {

    private final TokenApiEmulator emulator = Fixtures.emulatorWithAliceAndBob();

    private final RawGatewayCalls alice = Fixtures.asAlice(emulator);

    private final long tokenId =
            emulator.addToken(EmulatedToken.forUser(ALICE).build()).id();

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void badGatewayIsAnHtmlPageThenTheNextCallGoesThrough() {
        emulator.failNext(1, Fault.HTTP_502);

        HttpResponse<String> failed = alice.get(tokenId);

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.body()).startsWith("<html>");
        assertThat(alice.get(tokenId).statusCode()).isEqualTo(200);
    }

    @Test
    void refusedConnectionsUntilItListensAgainOnTheSamePort() {
        int port = emulator.port();
        emulator.refuseConnections();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);

        emulator.acceptConnections();
        assertThat(emulator.port()).isEqualTo(port);
        assertThat(alice.get(tokenId).statusCode()).isEqualTo(200);
    }

    @Test
    void usageOfPickedTokensLeavesTheOthers() {
        long other = emulator.addToken(
                        EmulatedToken.forUser(ALICE).remainQuota(500).build())
                .id();
        try (UsageGenerator usage = emulator.startUsage(Duration.ofMillis(10), 1, token -> token.id() == tokenId)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> usage.ticks() >= 3);
        }
        assertThat(emulator.token(tokenId).usedQuota()).isPositive();
        assertThat(emulator.token(other).usedQuota()).isZero();
    }

    @Test
    void databaseErrorIs500WithSuccessFalse() {
        emulator.failNext(1, Fault.HTTP_500);

        HttpResponse<String> failed = alice.get(tokenId);

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json(failed).get("success").booleanValue()).isFalse();
    }

    @Test
    void faultRateOfOneFailsEveryCallUntilCleared() {
        emulator.setFaultRate(1.0, Fault.HTTP_503);

        assertThat(List.of(alice.get(tokenId), alice.get(tokenId)))
                .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(503));
        emulator.clearFaults();
        assertThat(alice.get(tokenId).statusCode()).isEqualTo(200);
    }

    @Test
    void droppedConnectionAnswersNothingAndChangesNothing() {
        emulator.failNext(1, Fault.DROP_CONNECTION);

        assertThatThrownBy(() -> alice.putStatusOnly(tokenId, EmulatedToken.DISABLED))
                .hasCauseInstanceOf(IOException.class);
        assertThat(emulator.calls(Route.PUT_STATUS_ONLY)).isEqualTo(1);
        assertThat(emulator.token(tokenId).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void timeoutOutlastsTheClientAndTheWriteLandsAfterTheHoldWhichItsTokensHistoryShows() {
        emulator.setTimeoutHold(Duration.ofMillis(400)).failNext(1, Fault.TIMEOUT);
        String body = "{\"id\":" + tokenId + ",\"status\":2}";

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(putStatusOnly(body), BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        await("the held write lands")
                .atMost(Duration.ofSeconds(2))
                .until(() -> emulator.token(tokenId).status() == EmulatedToken.DISABLED);

        assertThat(emulator.writesOf(tokenId)).singleElement().satisfies(write -> {
            assertThat(write.tookEffect()).isTrue();
            assertThat(write.route()).isEqualTo(Route.PUT_STATUS_ONLY);
            assertThat(Duration.between(write.arrivedAt(), write.at()))
                    .as("held from its arrival")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(write.before().status()).isEqualTo(EmulatedToken.ENABLED);
            assertThat(write.after().status()).isEqualTo(EmulatedToken.DISABLED);
            assertThat(write.line()).contains("PUT_STATUS_ONLY of token " + tokenId, "took effect", "status 1 -> 2");
        });
    }

    @Test
    void aWriteAnswered429ShowsInItsTokensHistoryAsTurnedAway() {
        emulator.setRateLimit(1, Duration.ofMinutes(1));
        assertThat(alice.get(tokenId).statusCode()).isEqualTo(200);

        assertThat(alice.putStatusOnly(tokenId, EmulatedToken.DISABLED).statusCode())
                .isEqualTo(429);

        assertThat(emulator.writesOf(tokenId)).singleElement().satisfies(write -> {
            assertThat(write.tookEffect()).isFalse();
            assertThat(write.turnedAway()).isEqualTo("429");
            assertThat(write.before()).isNull();
            assertThat(write.after()).isNull();
            assertThat(write.arrivedAt()).isBeforeOrEqualTo(write.at());
            assertThat(write.line()).endsWith("turned away: 429");
        });
        assertThat(emulator.token(tokenId).status()).isEqualTo(EmulatedToken.ENABLED);
    }

    @Test
    void aWriteFailedByAFaultShowsInItsTokensHistoryWithTheFault() {
        emulator.failNextWrites(1, Fault.HTTP_500);

        assertThat(alice.putStatusOnly(tokenId, EmulatedToken.DISABLED).statusCode())
                .isEqualTo(500);

        assertThat(emulator.writesOf(tokenId)).singleElement().satisfies(write -> assertThat(write.turnedAway())
                .isEqualTo("fault HTTP_500"));
    }

    @Test
    void outageAnswersEveryCall502() {
        emulator.setDown(true);

        assertThat(alice.get(tokenId).statusCode()).isEqualTo(502);
        assertThat(alice.putStatusOnly(tokenId, EmulatedToken.DISABLED).statusCode())
                .isEqualTo(502);
        emulator.setDown(false);
        assertThat(alice.get(tokenId).statusCode()).isEqualTo(200);
    }

    @Test
    void latencyDelaysEveryCallButConcurrentCallsRunInParallel() {
        emulator.setLatency(Duration.ofMillis(200));
        HttpClient client = HttpClient.newHttpClient();
        long started = System.nanoTime();

        List<HttpResponse<String>> responses = IntStream.range(0, 16)
                .mapToObj(i ->
                        client.sendAsync(alice.request("/api/token/" + tokenId).build(), BodyHandlers.ofString()))
                .toList()
                .stream()
                .map(CompletableFuture::join)
                .toList();

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(responses)
                .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(elapsed).isBetween(Duration.ofMillis(200), Duration.ofMillis(1500));
    }

    @Test
    void aWriteTakesEffectWhenItArrivesAndItsAnswerComesTheLatencyLater() {
        emulator.setLatency(Duration.ofSeconds(30));
        String body = "{\"id\":" + tokenId + ",\"status\":2}";

        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
                .sendAsync(
                        alice.request("/api/token/?status_only=true")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        BodyHandlers.ofString());

        await("the write lands")
                .atMost(Duration.ofSeconds(5))
                .until(() -> emulator.token(tokenId).status() == EmulatedToken.DISABLED);
        assertThat(answer).isNotDone();
        assertThat(emulator.peakCallsInFlight()).isEqualTo(1);
    }

    @Test
    void peakCallsInFlightIsTheMostHandledAtOnceAndResetsWithTheCounters() {
        emulator.setLatency(Duration.ofMillis(500));
        HttpClient client = HttpClient.newHttpClient();

        IntStream.range(0, 4)
                .mapToObj(i ->
                        client.sendAsync(alice.request("/api/token/" + tokenId).build(), BodyHandlers.ofString()))
                .toList()
                .forEach(CompletableFuture::join);

        assertThat(emulator.peakCallsInFlight()).isEqualTo(4);
        emulator.resetCounters();
        assertThat(emulator.peakCallsInFlight()).isZero();
        emulator.setLatency(Duration.ZERO);
        alice.get(tokenId);
        assertThat(emulator.peakCallsInFlight()).isEqualTo(1);
    }

    private HttpRequest putStatusOnly(String body) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/token/?status_only=true"))
                .timeout(Duration.ofMillis(200))
                .header("Authorization", "Bearer " + ALICE_ACCESS)
                .header("New-Api-User", Long.toString(ALICE))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
