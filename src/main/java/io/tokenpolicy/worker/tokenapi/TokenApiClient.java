package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.apply.StoredToken;
import io.tokenpolicy.worker.apply.TokenGateway;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The new-api token API: {@code GET /api/token/{id}}, the full-replace {@code PUT /api/token/}
 * built from the token just read, and the status-only PUT. Authenticates every call with the
 * owning user's access token (and {@code New-Api-User} where the dialect has it), refuses a token
 * that another user owns, and never puts an access token into a message.
 */
public final class TokenApiClient implements TokenGateway, AutoCloseable {

    private final URI tokenApi;
    private final Supplier<AccessTokens> accessTokens;
    private final TokenDialect dialect;
    private final Duration requestTimeout;
    private final KeepAliveHttp http;
    private final GatewayExchange exchange;

    /** Calls go out as they come: each caller takes its turn of {@code rateLimit}'s admission first. */
    TokenApiClient(URI baseUrl, Supplier<AccessTokens> accessTokens, TokenDialect dialect, Duration connectTimeout,
                   Duration requestTimeout, GatewayRateLimit rateLimit, WorkerMetrics metrics) {
        this.tokenApi = baseUrl.resolve("/api/token/");
        this.accessTokens = accessTokens;
        this.dialect = dialect;
        this.requestTimeout = requestTimeout;
        this.http = new KeepAliveHttp(baseUrl, defaultTls(), connectTimeout);
        this.exchange = new GatewayExchange(new MeteredHttp(http, metrics), rateLimit);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public boolean canActFor(long userId) {
        return accessTokens.get().forUser(userId).isPresent();
    }

    @Override
    public StoredToken read(long userId, long tokenId) {
        HttpRequest request = request(userId, tokenApi.resolve(Long.toString(tokenId))).GET().build();
        ObjectNode token = exchange.send(request, "GET token " + tokenId);
        long owner = token.path("user_id").asLong(userId);
        if (owner != userId) {
            throw new PermanentGatewayException("token " + tokenId + " belongs to another gateway user than user_id "
                    + userId);
        }
        return GatewayToken.of(userId, token, dialect);
    }

    @Override
    public StoredToken replace(StoredToken current, TokenState desired) {
        GatewayToken token = (GatewayToken) current;
        return put(token, tokenApi, TokenJson.withChanges(token.json(), desired, dialect), "PUT token ");
    }

    @Override
    public StoredToken changeStatus(StoredToken current, TokenStatus status) {
        GatewayToken token = (GatewayToken) current;
        URI statusOnly = tokenApi.resolve("?status_only=true");
        return put(token, statusOnly, TokenJson.withStatus(token.json(), status), "PUT status of token ");
    }

    private StoredToken put(GatewayToken token, URI uri, ObjectNode body, String what) {
        HttpRequest request = request(token.userId(), uri)
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofByteArray(GatewayExchange.bytesOf(body)))
                .build();
        ObjectNode written = exchange.send(request, what + token.state().id());
        return GatewayToken.of(token.userId(), written.isEmpty() ? body : written, dialect);
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException noTls) {
            throw new IllegalStateException("this JVM has no TLS for an https gateway", noTls);
        }
    }

    private HttpRequest.Builder request(long userId, URI uri) {
        String accessToken = accessTokens.get().forUser(userId).orElseThrow(
                () -> new PermanentGatewayException("no gateway credentials configured for user_id " + userId));
        return dialect.identify(HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json"), userId);
    }
}
