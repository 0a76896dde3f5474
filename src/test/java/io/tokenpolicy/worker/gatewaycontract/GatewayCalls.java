package io.tokenpolicy.worker.gatewaycontract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Raw HTTP calls to the token API as one user: the contract checks the server, not the worker's client. A 429 is
 * waited out (its {@code Retry-After}, or 20 s) up to three times, so that a gateway at its default rate limit can
 * be checked; the emulator in the build sets none.
 */
final class GatewayCalls {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final int RATE_LIMIT_RETRIES = 3;

    private static final long DEFAULT_WAIT_SECONDS = 20;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final GatewayUnderTest gateway;

    GatewayCalls(GatewayUnderTest gateway) {
        this.gateway = gateway;
    }

    GatewayUnderTest gateway() {
        return gateway;
    }

    Answer get(long tokenId) {
        return get(tokenId, UnaryOperator.identity());
    }

    /** A GET whose headers {@code headers} changes, to see how the server authenticates. */
    Answer get(long tokenId, UnaryOperator<HttpRequest.Builder> headers) {
        return send(headers.apply(request("/api/token/" + tokenId).GET()));
    }

    /** The first page of the user's tokens, newest first: page 0 is the first on one-api and page 1 on new-api. */
    Answer list() {
        return send(request("/api/token/?p=0&size=100").GET());
    }

    Answer create(ObjectNode token) {
        return send(request("/api/token/").POST(body(token)));
    }

    Answer put(ObjectNode token) {
        return send(request("/api/token/").PUT(body(token)));
    }

    Answer putStatusOnly(long tokenId, int status) {
        ObjectNode body = JSON.createObjectNode().put("id", tokenId).put("status", status);
        return send(request("/api/token/?status_only=true").PUT(body(body)));
    }

    Answer delete(long tokenId) {
        return send(request("/api/token/" + tokenId).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + gateway.accessToken())
                .header("New-Api-User", Long.toString(gateway.userId()))
                .header("Content-Type", "application/json");
    }

    private Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        for (int attempt = 0; ; attempt++) {
            Answer answer = sendOnce(built);
            if (answer.status() != 429 || attempt == RATE_LIMIT_RETRIES) {
                return answer;
            }
            waitOut(answer);
        }
    }

    private Answer sendOnce(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return Answer.of(
                    response.statusCode(), response.headers().firstValue("Retry-After"), parsed(response.body()));
        } catch (IOException ex) {
            throw new UncheckedIOException(
                    "no answer from " + request.method() + " " + request.uri() + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /** Waits the 429's {@code Retry-After} out: the gateway's rate limit, not a condition being polled. */
    private static void waitOut(Answer tooMany) {
        long seconds = tooMany.retryAfter()
                .filter(value -> value.matches("[0-9]{1,4}"))
                .map(Long::parseLong)
                .orElse(DEFAULT_WAIT_SECONDS);
        try {
            Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting out the gateway's rate limit", ex);
        }
    }

    private static JsonNode parsed(String body) {
        try {
            return body.isEmpty() ? null : JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static HttpRequest.BodyPublisher body(JsonNode json) {
        return HttpRequest.BodyPublishers.ofString(json.toString());
    }
}
