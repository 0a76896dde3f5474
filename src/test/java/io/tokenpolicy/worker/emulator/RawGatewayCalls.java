package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP calls to the emulator as one user, for tests that look at the wire. */
final class RawGatewayCalls {

    private final HttpClient client = HttpClient.newHttpClient();

    private final String baseUrl;

    private final long userId;

    private final String accessToken;

    RawGatewayCalls(TokenApiEmulator emulator, long userId, String accessToken) {
        this.baseUrl = emulator.baseUrl();
        this.userId = userId;
        this.accessToken = accessToken;
    }

    HttpResponse<String> get(long tokenId) {
        return send(request("/api/token/" + tokenId).GET());
    }

    HttpResponse<String> list(int page, int size) {
        return send(request("/api/token/?p=" + page + "&size=" + size).GET());
    }

    HttpResponse<String> put(JsonNode token) {
        return send(request("/api/token/").PUT(body(token)));
    }

    HttpResponse<String> putStatusOnly(long tokenId, int status) {
        ObjectNode token = Reply.JSON.createObjectNode().put("id", tokenId).put("status", status);
        return send(request("/api/token/?status_only=true").PUT(body(token)));
    }

    HttpResponse<String> create(JsonNode token) {
        return send(request("/api/token/").POST(body(token)));
    }

    HttpResponse<String> delete(long tokenId) {
        return send(request("/api/token/" + tokenId).DELETE());
    }

    HttpResponse<String> putRaw(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The token's {@code data} as the gateway answers a GET, for a test to change and PUT back. */
    ObjectNode read(long tokenId) {
        return (ObjectNode) json(get(tokenId)).get("data");
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + accessToken)
                .header("New-Api-User", Long.toString(userId))
                .header("Content-Type", "application/json");
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Reply.JSON.readTree(response.body());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static HttpRequest.BodyPublisher body(JsonNode json) {
        return HttpRequest.BodyPublishers.ofString(json.toString());
    }
}
