package io.tokenpolicy.worker.tokenapi;

import static io.tokenpolicy.worker.tokenapi.GatewayHttpTest.get;
import static io.tokenpolicy.worker.tokenapi.GatewayHttpTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.apply.TransientGatewayException;
import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the worker makes of a gateway call that the HTTP client could not finish, or that was answered oddly. */
class GatewayExchangeFailuresTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedHttpServer server = ScriptedHttpServer.plain();
    private final GatewayHttp http = new GatewayHttp(Duration.ofSeconds(1), Duration.ofMillis(500), 4, null);
    private final GatewayRateLimit rateLimit = new GatewayRateLimit(1_000, Duration.ofSeconds(1));
    private final GatewayExchange exchange =
            new GatewayExchange(new MeteredHttp(http, new WorkerMetrics(registry)), rateLimit);

    @AfterEach
    void stop() {
        http.close();
        rateLimit.close();
        server.close();
    }

    @Test
    void aCallPastItsDeadlineTimedOutAndIsCountedSo() {
        server.answerAfter(Duration.ofSeconds(3), ok("{\"success\":true}"));

        assertThatThrownBy(() -> exchange.send(get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOfSatisfying(TransientGatewayException.class, failed -> assertThat(failed.kind())
                        .isEqualTo(Kind.TIMED_OUT))
                .hasMessage("GET token 1: SocketTimeoutException");
        assertThat(registry.get("token_policy.gateway.calls")
                        .tags("route", "read", "status", "timeout")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aGatewayThatRefusesConnectionsIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0)) {
            closedPort = gone.getLocalPort();
        }

        assertThatThrownBy(() -> exchange.send(get(URI.create("http://127.0.0.1:" + closedPort + "/")), "GET token 1"))
                .isInstanceOfSatisfying(TransientGatewayException.class, failed -> assertThat(failed.kind())
                        .isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void anAnswerOverTheCapIsATransientFailure() {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1048577\r\n\r\n");

        assertThatThrownBy(() -> exchange.send(get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOfSatisfying(TransientGatewayException.class, failed -> assertThat(failed.kind())
                        .isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void aRedirectIsRefusedForGood() {
        server.answer("HTTP/1.1 301 Moved Permanently\r\nLocation: https://elsewhere/\r\nContent-Length: 0\r\n\r\n");

        assertThatThrownBy(() -> exchange.send(get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOf(PermanentGatewayException.class)
                .hasMessage("GET token 1: unexpected HTTP 301");
    }

    @Test
    void a429SaysHowLongTheGatewayAskedToWaitAndPausesTheInstanceThatLong() {
        server.answer("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Length: 0\r\n\r\n");

        assertThatThrownBy(() -> exchange.send(get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOfSatisfying(TransientGatewayException.class, failed -> {
                    assertThat(failed.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                });
        assertThat(rateLimit.paused()).isTrue();
    }

    @Test
    void a503WithRetryAfterDoesNotPauseTheInstance() {
        server.answer("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n");

        assertThatThrownBy(() -> exchange.send(get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOf(TransientGatewayException.class);
        assertThat(rateLimit.paused()).isFalse();
    }

    @Test
    void a503SaysHowLongTheGatewayAskedToWait() {
        server.answer("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n");

        assertThatThrownBy(() -> exchange.send(get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOfSatisfying(TransientGatewayException.class, failed -> {
                    assertThat(failed.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
    }
}
