package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.apply.StoredToken;
import io.tokenpolicy.worker.apply.TokenGateway;
import io.tokenpolicy.worker.apply.TokenList;
import io.tokenpolicy.worker.apply.UnacceptableAnswerException;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * The new-api token API: {@code GET /api/token/{id}}, the full-replace {@code PUT /api/token/}
 * built from the token just read, and the status-only PUT. Authenticates every call with the
 * owning user's access token (and {@code New-Api-User} where the dialect has it), refuses a token
 * that another user owns, and never puts an access token into a message. What the gateway says (the
 * {@code message} of a refusal) enters the worker in {@link GatewayExchange} only, cut and made
 * printable there, so that every reason, log line and dead letter quoting it is bounded and clean.
 * Every token the gateway answers must name its owner, the user whose credentials were used: newer servers no longer
 * check {@code New-Api-User}, so the answer's {@code user_id} is the only proof. The token's {@code key} is dropped
 * from every answer before anything keeps it (one-api answers it unmasked), and never written back.
 */
public final class TokenApiClient implements TokenGateway, TokenList, AutoCloseable {

    private final URI tokenApi;
    private final Supplier<AccessTokens> accessTokens;
    private final TokenDialect dialect;
    private final GatewayHttp http;
    private final GatewayExchange exchange;

    /** Calls go out as they come: each caller takes its turn of {@code rateLimit}'s admission first. */
    TokenApiClient(
            URI baseUrl,
            Supplier<AccessTokens> accessTokens,
            TokenDialect dialect,
            GatewayHttp http,
            GatewayRateLimit rateLimit,
            WorkerMetrics metrics) {
        this.tokenApi = baseUrl.resolve("/api/token/");
        this.accessTokens = accessTokens;
        this.dialect = dialect;
        this.http = http;
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
        HttpUriRequestBase request = request("GET", userId, tokenApi.resolve(Long.toString(tokenId)));
        ObjectNode token = exchange.send(request, "GET token " + tokenId);
        if (!token.path("user_id").isIntegralNumber()) {
            throw new UnacceptableAnswerException("GET token " + tokenId
                    + ": the gateway's answer does not name the token's owner (user_id), so the worker cannot tell"
                    + " that the token belongs to user_id " + userId);
        }
        return owned(userId, tokenId, token);
    }

    @Override
    public Page page(long userId, int index, int size) {
        int number = index + dialect.firstPage();
        HttpUriRequestBase request =
                request("GET", userId, tokenApi.resolve("?p=" + number + "&size=" + size + "&page_size=" + size));
        JsonNode data = exchange.sendForData(request, "GET tokens page " + number);
        JsonNode items = data.isArray() ? data : data.path("items");
        List<StoredToken> tokens = new ArrayList<>();
        for (JsonNode item : items) {
            if (item instanceof ObjectNode token && token.path("id").isIntegralNumber()) {
                tokens.add(owned(userId, token.path("id").asLong(), token));
            }
        }
        return new Page(
                tokens,
                data.path("total").isIntegralNumber()
                        ? OptionalLong.of(data.path("total").asLong())
                        : OptionalLong.empty());
    }

    @Override
    public Optional<StoredToken> find(long userId, long tokenId) {
        try {
            return Optional.of(read(userId, tokenId));
        } catch (PermanentGatewayException refused) {
            if (GatewayRefusals.notFound(refused.getMessage())) {
                return Optional.empty();
            }
            throw refused;
        }
    }

    /** The token of {@code userId}, its key dropped; another user's token is refused. */
    private GatewayToken owned(long userId, long tokenId, ObjectNode token) {
        token.remove("key");
        if (token.path("user_id").asLong(userId) != userId) {
            throw new PermanentGatewayException(
                    "token " + tokenId + " belongs to another gateway user than user_id " + userId);
        }
        return GatewayToken.of(userId, token, dialect);
    }

    @Override
    public StoredToken replace(StoredToken current, TokenState desired) {
        GatewayToken token = (GatewayToken) current;
        refuseUnlessReadable(token);
        ObjectNode body = TokenJson.withChanges(token.json(), desired, dialect);
        return put(token, tokenApi, body, "PUT token ", body);
    }

    @Override
    public StoredToken changeStatus(StoredToken current, TokenStatus status) {
        GatewayToken token = (GatewayToken) current;
        if (status != TokenStatus.DISABLED) {
            refuseUnlessReadable(token);
        }
        URI statusOnly = tokenApi.resolve("?status_only=true");
        return put(
                token,
                statusOnly,
                TokenJson.statusOnly(token.state().id(), status),
                "PUT status of token ",
                TokenJson.withStatus(token.json(), status));
    }

    /** A token whose status or quota the worker cannot read is only ever disabled: other writes build on them. */
    private static void refuseUnlessReadable(GatewayToken token) {
        TokenJson.unreadable(token.json()).ifPresent(why -> {
            throw new PermanentGatewayException(
                    "token " + token.state().id() + ": " + why + ", so it is only ever" + " disabled");
        });
    }

    /** Sends {@code body}; the token written is the gateway's answer, or {@code intended} when it answers none. */
    private StoredToken put(GatewayToken token, URI uri, ObjectNode body, String what, ObjectNode intended) {
        HttpUriRequestBase request = request("PUT", token.userId(), uri);
        request.setEntity(new ByteArrayEntity(GatewayExchange.bytesOf(body), ContentType.APPLICATION_JSON));
        ObjectNode written = exchange.send(request, what + token.state().id());
        return owned(token.userId(), token.state().id(), written.isEmpty() ? intended : written);
    }

    private HttpUriRequestBase request(String method, long userId, URI uri) {
        String accessToken = accessTokens
                .get()
                .forUser(userId)
                .orElseThrow(
                        () -> new PermanentGatewayException("no gateway credentials configured for user_id " + userId));
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.addHeader("Authorization", "Bearer " + accessToken);
        request.addHeader("Accept", "application/json");
        dialect.identify(request, userId);
        return request;
    }
}
