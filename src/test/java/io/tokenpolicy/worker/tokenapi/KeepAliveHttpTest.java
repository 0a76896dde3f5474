package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeepAliveHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ScriptedHttpServer server = ScriptedHttpServer.plain();
    private KeepAliveHttp http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        server.close();
    }

    @Test
    void sendsOneHttp11MessageWithHostLengthAndTheRequestsHeaders() throws IOException {
        server.answer(ok("{\"success\":true}"));

        HttpAnswer answer = client().send(HttpRequest.newBuilder(server.uri("/api/token/?status_only=true"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer t")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"id\":7}"))
                .build());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(text(answer.body())).isEqualTo("{\"success\":true}");
        String request = server.requests().get(0);
        assertThat(request)
                .startsWith("PUT /api/token/?status_only=true HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                .contains("\r\nAuthorization: Bearer t\r\n")
                .contains("\r\nContent-Length: 8\r\n")
                .endsWith("\r\n\r\n{\"id\":7}");
    }

    @Test
    void reusesTheConnectionForTheNextCall() throws IOException {
        server.answer(ok("a"), ok("b"));
        client();

        assertThat(text(http.send(get("/1")).body())).isEqualTo("a");
        assertThat(text(http.send(get("/2")).body())).isEqualTo("b");

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionIdleForThirtySecondsIsClosedAndTheNextCallConnectsAgain() throws IOException {
        server.answer(ok("a"), ok("b"));
        AtomicLong nanos = new AtomicLong();
        http = new KeepAliveHttp(server.uri("/"), null, TIMEOUT, nanos::get);
        http.send(get("/"));

        nanos.addAndGet(KeepAliveHttp.IDLE_TIMEOUT.toNanos());
        http.send(get("/"));

        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void readsChunkedBodiesWithExtensionsAndTrailers() throws IOException {
        server.answer(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\n{\"ok\"\r\n6\r\n:true}\r\n0\r\nX-Trailer: 1\r\n\r\n",
                ok("next"));
        client();

        assertThat(text(http.send(get("/")).body())).isEqualTo("{\"ok\":true}");
        assertThat(text(http.send(get("/")).body())).isEqualTo("next");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void readsABodyThatEndsWithTheConnectionAndThenConnectsAgain() throws IOException {
        server.answerAndClose("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
        server.answer(ok("second"));
        client();

        HttpAnswer first = http.send(get("/"));
        assertThat(text(first.body())).isEqualTo("until the end");
        assertThat(first.keepAlive()).isFalse();
        assertThat(text(http.send(get("/")).body())).isEqualTo("second");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void doesNotReuseAConnectionThatSentMoreThanItsAnswer() throws IOException {
        server.answer(ok("a") + "HTTP/1.1 200 OK\r\n", ok("b"));
        client();

        HttpAnswer first = http.send(get("/"));
        assertThat(first.keepAlive()).isFalse();
        assertThat(text(http.send(get("/")).body())).isEqualTo("b");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aBodyInAnotherTransferCodingIsReadToTheEndAndItsLengthIgnored() throws IOException {
        server.answerAndClose("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 1\r\n\r\nall of it");

        HttpAnswer answer = client().send(get("/"));

        assertThat(text(answer.body())).isEqualTo("all of it");
        assertThat(answer.keepAlive()).isFalse();
    }

    @Test
    void aChunkedBodyWithAContentLengthTooIsReadByChunksAndItsConnectionNotReused() throws IOException {
        server.answer(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

        HttpAnswer answer = client().send(get("/"));

        assertThat(text(answer.body())).isEqualTo("abc");
        assertThat(answer.keepAlive()).isFalse();
    }

    @Test
    void signedNumbersAreNotLengthsOrStatuses() {
        server.answerAndClose("HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nab");

        assertThatThrownBy(() -> client().send(get("/")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Content-Length is not a number");
    }

    @Test
    void skipsInterimAnswers() throws IOException {
        server.answer("HTTP/1.1 100 Continue\r\n\r\n" + ok("final"));

        assertThat(text(client().send(get("/")).body())).isEqualTo("final");
    }

    @Test
    void sendsAgainOnANewConnectionWhenTheServerClosedTheIdleOne() throws IOException {
        server.answer(ok("first"));
        server.closeWithoutAnswer();
        server.answer(ok("again"));
        client();
        http.send(get("/"));

        assertThat(text(http.send(get("/retried")).body())).isEqualTo("again");
        assertThat(server.requests()).last().asString().startsWith("GET /retried ");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aNewConnectionClosedWithoutAnAnswerIsAnError() {
        server.closeWithoutAnswer();

        assertThatThrownBy(() -> client().send(get("/")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed a new connection without answering");
    }

    @Test
    void aSlowAnswerTimesOutAndItsConnectionIsNotReused() throws IOException {
        server.answerAfter(Duration.ofSeconds(2), ok("late"));
        server.answer(ok("fresh"));
        client();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(server.uri("/"))
                        .timeout(Duration.ofMillis(200))
                        .GET()
                        .build()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(text(http.send(get("/")).body())).isEqualTo("fresh");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void anAnswerCutShortIsAnError() {
        server.answerAndClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");

        assertThatThrownBy(() -> client().send(get("/")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("7 bytes before the end");
    }

    @Test
    void somethingThatIsNotHttpIsAnError() {
        server.answerAndClose("SSH-2.0-OpenSSH\r\n");

        assertThatThrownBy(() -> client().send(get("/")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("status line");
    }

    @Test
    void aGatewayThatIsNotListeningIsAnIoErrorNamingTheRefusal() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        http = new KeepAliveHttp(URI.create("http://127.0.0.1:" + port), null, TIMEOUT);

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(TIMEOUT)
                        .GET()
                        .build()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void onlyHttpAndHttpsBaseUrlsAreAccepted() {
        assertThatThrownBy(() -> new KeepAliveHttp(URI.create("ftp://gateway"), null, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http or https");
    }

    private KeepAliveHttp client() {
        http = new KeepAliveHttp(server.uri("/"), null, TIMEOUT);
        return http;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(TIMEOUT).GET().build();
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
