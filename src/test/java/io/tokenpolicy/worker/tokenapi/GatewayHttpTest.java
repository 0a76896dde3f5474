package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GatewayHttp} against a server that answers with the bytes each test scripts. */
class GatewayHttpTest {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration CALL = Duration.ofSeconds(1);

    private final ScriptedHttpServer server = ScriptedHttpServer.plain();
    private GatewayHttp http = new GatewayHttp(CONNECT, CALL, 4, null);

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    @Test
    void sendsTheRequestWithItsHeadersAndBodyAndKeepsTheConnectionForTheNextCall() throws IOException {
        server.answer(ok("{\"success\":true}"), ok("next"));
        HttpUriRequestBase put = new HttpUriRequestBase("PUT", server.uri("/api/token/?status_only=true"));
        put.addHeader("Authorization", "Bearer t");
        put.setEntity(new ByteArrayEntity(bytes("{\"id\":7}"), ContentType.APPLICATION_JSON));

        HttpAnswer answer = http.send(put);
        HttpAnswer next = http.send(get(server.uri("/api/token/7")));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(text(answer.body())).isEqualTo("{\"success\":true}");
        assertThat(text(next.body())).isEqualTo("next");
        assertThat(server.requests().get(0))
                .startsWith("PUT /api/token/?status_only=true HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                .contains("\r\nUser-Agent: token-policy-worker\r\n")
                .contains("\r\nAuthorization: Bearer t\r\n")
                .contains("\r\nContent-Length: 8\r\n")
                .doesNotContain("Accept-Encoding")
                .endsWith("\r\n\r\n{\"id\":7}");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aRedirectIsAnAnswerNotFollowed() throws IOException {
        server.answer("HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nSet-Cookie: a=b\r\nContent-Length: 0\r\n\r\n");
        server.answer(ok("{}"));

        assertThat(http.send(get(server.uri("/api/token/1"))).status()).isEqualTo(302);
        http.send(get(server.uri("/api/token/1")));

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1)).startsWith("GET /api/token/1 ").doesNotContain("Cookie");
    }

    @Test
    void aHostNameWhoseFirstAddressRefusesIsReachedOnItsNext() throws IOException {
        List<String> asked = new CopyOnWriteArrayList<>();
        http.close();
        http = new GatewayHttp(CONNECT, CALL, 4, null, addresses(asked, "127.0.0.2", "127.0.0.1"));
        server.answer(ok("{\"success\":true}"));

        HttpAnswer answer = http.send(get(URI.create("http://gateway.test:" + server.port() + "/api/token/1")));

        assertThat(text(answer.body())).isEqualTo("{\"success\":true}");
        assertThat(asked).containsExactly("gateway.test");
        assertThat(server.requests().get(0)).contains("\r\nHost: gateway.test:" + server.port() + "\r\n");
        try (GatewayHttp firstOnly = new GatewayHttp(CONNECT, CALL, 4, null, addresses(asked, "127.0.0.2"))) {
            assertThatThrownBy(() -> firstOnly.send(get(URI.create("http://gateway.test:" + server.port() + "/"))))
                    .as("the first address alone refuses")
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void anAnswerAnnouncedLongerThanTheCapIsRefusedUnreadAndItsConnectionClosed() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2000000000\r\n\r\n{\"success\":true}", ok("next"));

        assertThatThrownBy(() -> http.send(get(server.uri("/api/token/1"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("longer than 1048576 bytes");
        assertThat(text(http.send(get(server.uri("/api/token/1"))).body())).isEqualTo("next");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void anAnswerThatEndsBeforeItsAnnouncedLengthIsAnError() {
        server.answerAndClose("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"success\":true}");

        assertThatThrownBy(() -> http.send(get(server.uri("/api/token/1")))).isInstanceOf(IOException.class);
    }

    @Test
    void aChunkedAnswerIsReadUpToTheCapAndNoFurther() throws IOException {
        server.answer(chunked(GatewayHttp.MAX_ANSWER_BYTES), chunked(GatewayHttp.MAX_ANSWER_BYTES + 1));

        assertThat(http.send(get(server.uri("/1"))).body()).hasSize(GatewayHttp.MAX_ANSWER_BYTES);
        assertThatThrownBy(() -> http.send(get(server.uri("/2"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("longer than 1048576 bytes");
    }

    @Test
    void aSlowAnswerEndsTheCallAtItsDeadline() {
        server.answerAfter(Duration.ofSeconds(5), ok("late"));

        long start = System.nanoTime();
        assertThatThrownBy(() -> http.send(get(server.uri("/api/token/1")))).isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aGatewayThatDoesNotReadTheRequestEndsTheCallAtItsDeadline() throws IOException {
        try (ServerSocket deaf = new ServerSocket()) {
            deaf.setReceiveBufferSize(4096);
            deaf.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(deaf.accept());
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpUriRequestBase put = new HttpUriRequestBase(
                    "PUT", URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/api/token/"));
            put.setEntity(new ByteArrayEntity(new byte[32 * 1024 * 1024], ContentType.APPLICATION_JSON));

            long start = System.nanoTime();
            assertThatThrownBy(() -> http.send(put)).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void anHttpGatewayIsReachedThroughTheProxyTheJvmIsToldOf() throws IOException {
        server.answer(ok("{\"success\":true}"));
        try (TestProxy proxy = new TestProxy();
                SystemProperties ignored = SystemProperties.set(
                        "http.proxyHost", "127.0.0.1", "http.proxyPort", Integer.toString(proxy.port()))) {
            String target = "http://gateway.test:" + server.port() + "/api/token/1";

            HttpAnswer answer = http.send(get(URI.create(target)));

            assertThat(text(answer.body())).isEqualTo("{\"success\":true}");
            assertThat(proxy.requestLines()).containsExactly("GET " + target + " HTTP/1.1");
        }
    }

    static HttpUriRequestBase get(URI uri) {
        return new HttpUriRequestBase("GET", uri);
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes(body).length + "\r\n\r\n"
                + body;
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String chunked(int length) {
        StringBuilder answer = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int left = length; left > 0; left -= 65536) {
            int size = Math.min(left, 65536);
            answer.append(Integer.toHexString(size))
                    .append("\r\n")
                    .append("x".repeat(size))
                    .append("\r\n");
        }
        return answer.append("0\r\n\r\n").toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Resolves every name to the given addresses, in order, and remembers the names asked for. */
    private static DnsResolver addresses(List<String> asked, String... addresses) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                asked.add(host);
                InetAddress[] resolved = new InetAddress[addresses.length];
                for (int i = 0; i < addresses.length; i++) {
                    resolved[i] = InetAddress.getByName(addresses[i]);
                }
                return resolved;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }
}
