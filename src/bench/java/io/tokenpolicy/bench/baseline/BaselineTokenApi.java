package io.tokenpolicy.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The work every baseline does for one top-up, written the way a user of a plain consumer would:
 * GET the token, raise {@code remain_quota}, PUT the whole object back; and for an incident, one
 * status-only PUT. Transient answers (429,
 * 5xx, I/O errors) are retried with the worker's default policy (5 attempts, 200 ms doubling to
 * 5 s, ±50% jitter), so that the baselines and the worker face the gateway on equal terms.
 */
public final class BaselineTokenApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 5;
    private static final long INITIAL_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final int DISABLED = 2;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI tokens;
    private final String accessToken;
    private final String userId;

    public BaselineTokenApi(String baseUrl, String userId, String accessToken) {
        this.tokens = URI.create(baseUrl).resolve("/api/token/");
        this.userId = userId;
        this.accessToken = accessToken;
    }

    public static BaselineTokenApi from(BaselineArgs args) {
        return new BaselineTokenApi(args.get("gateway"), args.get("user-id"), args.get("access-token"));
    }

    /** Applies a top-up of {@code amount} to the token and says how it went. */
    public ApiResult topUp(long tokenId, long amount) throws InterruptedException {
        Attempts attempts = new Attempts();
        try {
            ObjectNode token =
                    call(request(tokens.resolve(Long.toString(tokenId))).GET(), attempts);
            token.put("remain_quota", token.path("remain_quota").asLong() + amount);
            call(
                    request(tokens)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(token.toString())),
                    attempts);
            return new ApiResult("APPLIED", "quota raised", 2, attempts.sent);
        } catch (GatewayRefused refused) {
            return new ApiResult(refused.result, refused.getMessage(), attempts.calls, attempts.sent);
        }
    }

    /** Disables the token with a status-only PUT, the one call a baseline makes for a critical incident. */
    public ApiResult disable(long tokenId) throws InterruptedException {
        Attempts attempts = new Attempts();
        try {
            ObjectNode body = JSON.createObjectNode().put("id", tokenId).put("status", DISABLED);
            call(
                    request(tokens.resolve("?status_only=true"))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body.toString())),
                    attempts);
            return new ApiResult("APPLIED", "token disabled", 1, attempts.sent);
        } catch (GatewayRefused refused) {
            return new ApiResult(refused.result, refused.getMessage(), attempts.calls, attempts.sent);
        }
    }

    private ObjectNode call(HttpRequest.Builder request, Attempts attempts) throws InterruptedException {
        attempts.calls++;
        for (int attempt = 1; ; attempt++) {
            attempts.sent++;
            HttpResponse<String> response = send(request.build());
            if (response != null && response.statusCode() < 500 && response.statusCode() != 429) {
                return dataOf(response);
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new GatewayRefused("FAILED", "transient failures outlasted " + MAX_ATTEMPTS + " attempts");
            }
            Thread.sleep(backoff(attempt));
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException failed) {
            return null;
        }
    }

    private static ObjectNode dataOf(HttpResponse<String> response) {
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !answer.path("success").asBoolean(false)) {
                throw new GatewayRefused("REJECTED", "gateway refused: HTTP " + response.statusCode());
            }
            return (ObjectNode) answer.get("data");
        } catch (IOException unreadable) {
            throw new GatewayRefused("REJECTED", "answer is not JSON");
        }
    }

    private static long backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS << (attempt - 1));
        return (long) (base * ThreadLocalRandom.current().nextDouble(0.5, 1.5));
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + accessToken)
                .header("New-Api-User", userId)
                .header("Accept", "application/json");
    }

    /** What one event came to: the outcome's result and reason, and the gateway calls it took. */
    public record ApiResult(String result, String reason, int apiCalls, int attempts) {}

    private static final class Attempts {
        int calls;
        int sent;
    }

    private static final class GatewayRefused extends RuntimeException {
        final String result;

        GatewayRefused(String result, String message) {
            super(message, null, false, false);
            this.result = result;
        }
    }
}
