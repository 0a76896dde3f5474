package io.tokenpolicy.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The work every baseline does for one top-up, written the way a user of a plain consumer would:
 * GET the token, raise {@code remain_quota}, PUT the whole object back; and for an incident, one
 * status-only PUT. Transient answers (429,
 * 5xx, I/O errors) are retried with the worker's default policy (5 attempts, 200 ms doubling to
 * 5 s, ±50% jitter), so that the baselines and the worker face the gateway on equal terms. The
 * calls go over the worker's HTTP client, Apache HttpClient 5 (classic), set up as the worker sets
 * it up: a pool of 64 kept-alive connections (the most calls any baseline has in flight), no
 * redirects, cookies, compression or retries of its own, 5 s to connect and 10 s per call.
 */
public final class BaselineTokenApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 5;
    private static final long INITIAL_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final int DISABLED = 2;

    private static final int MAX_CONNECTIONS = 64;

    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(MAX_CONNECTIONS)
                    .setMaxConnPerRoute(MAX_CONNECTIONS)
                    .setDefaultSocketConfig(SocketConfig.custom()
                            .setTcpNoDelay(true)
                            .setSoTimeout(Timeout.ofSeconds(10))
                            .build())
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(5))
                            .setSocketTimeout(Timeout.ofSeconds(10))
                            .build())
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofSeconds(10))
                    .build())
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableContentCompression()
            .disableAutomaticRetries()
            .build();
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
            ObjectNode token = call(request("GET", tokens.resolve(Long.toString(tokenId)), null), attempts);
            token.put("remain_quota", token.path("remain_quota").asLong() + amount);
            call(request("PUT", tokens, token.toString()), attempts);
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
            call(request("PUT", tokens.resolve("?status_only=true"), body.toString()), attempts);
            return new ApiResult("APPLIED", "token disabled", 1, attempts.sent);
        } catch (GatewayRefused refused) {
            return new ApiResult(refused.result, refused.getMessage(), attempts.calls, attempts.sent);
        }
    }

    private ObjectNode call(HttpUriRequestBase request, Attempts attempts) throws InterruptedException {
        attempts.calls++;
        for (int attempt = 1; ; attempt++) {
            attempts.sent++;
            Answer response = send(request);
            if (response != null && response.status() < 500 && response.status() != 429) {
                return dataOf(response);
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new GatewayRefused("FAILED", "transient failures outlasted " + MAX_ATTEMPTS + " attempts");
            }
            Thread.sleep(backoff(attempt));
        }
    }

    private Answer send(HttpUriRequestBase request) {
        try {
            return http.execute(
                    request, response -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
        } catch (IOException failed) {
            return null;
        }
    }

    private static ObjectNode dataOf(Answer response) {
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (response.status() != 200 || !answer.path("success").asBoolean(false)) {
                throw new GatewayRefused("REJECTED", "gateway refused: HTTP " + response.status());
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

    private HttpUriRequestBase request(String method, URI uri, String json) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.addHeader("Authorization", "Bearer " + accessToken);
        request.addHeader("New-Api-User", userId);
        request.addHeader("Accept", "application/json");
        if (json != null) {
            request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        }
        return request;
    }

    private record Answer(int status, String body) {}

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
