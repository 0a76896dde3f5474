package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The authenticated {@code /api/token/} routes: read, list and update the caller's own tokens. */
final class TokenRoutes {

    private static final int MAX_PAGE_SIZE = 100;

    private final TokenStore store;

    private final Users users;

    private volatile EmulatedDialect dialect = EmulatedDialect.NEW_API;

    private final Map<Long, String> refusals = new ConcurrentHashMap<>();

    TokenRoutes(TokenStore store, Users users) {
        this.store = store;
        this.users = users;
    }

    EmulatedDialect dialect() {
        return dialect;
    }

    void speak(EmulatedDialect newDialect) {
        dialect = newDialect;
    }

    /** From now on every read or write of the token is refused with {@code message}, as a business error. */
    void refuse(long tokenId, String message) {
        refusals.put(tokenId, message);
    }

    void handle(EmulatorExchange exchange, Route route, Map<String, String> query, String body) throws IOException {
        try {
            long userId = users.authenticate(exchange.requestHeaders(), dialect);
            Reply.success(exchange, answer(route, userId, exchange.path(), query, body));
        } catch (ApiFailure failure) {
            Reply.failure(exchange, failure.httpStatus(), failure.getMessage());
        }
    }

    private JsonNode answer(Route route, long userId, String path, Map<String, String> query, String body) {
        return switch (route) {
            case GET_TOKEN -> EmulatedTokenJson.render(store.owned(unrefused(tokenId(path)), userId), dialect);
            case LIST_TOKENS ->
                dialect == EmulatedDialect.CRAZYROUTER
                        ? items(store.ownedBy(userId), query)
                        : page(store.ownedBy(userId), query);
            case PUT_TOKEN ->
                EmulatedTokenJson.render(
                        store.update(userId, unrefused(TokenUpdate.parse(body, dialect)), false), dialect);
            case PUT_STATUS_ONLY ->
                EmulatedTokenJson.render(
                        store.update(userId, unrefused(TokenUpdate.parse(body, dialect)), true), dialect);
            default -> throw new IllegalArgumentException("not a token route: " + route);
        };
    }

    private long unrefused(long tokenId) {
        String refusal = refusals.get(tokenId);
        if (refusal != null) {
            throw ApiFailure.business(refusal);
        }
        return tokenId;
    }

    private TokenUpdate unrefused(TokenUpdate update) {
        unrefused(update.id());
        return update;
    }

    private static long tokenId(String path) {
        String id = path.substring(path.lastIndexOf('/') + 1);
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException ex) {
            throw ApiFailure.business("strconv.Atoi: parsing \"" + id + "\": invalid syntax");
        }
    }

    private ObjectNode page(List<EmulatedToken> tokens, Map<String, String> query) {
        int page = QueryString.positiveInt(query, "p", 1);
        int size = Math.min(MAX_PAGE_SIZE, pageSize(query));
        ObjectNode data = Reply.JSON
                .createObjectNode()
                .put("page", page)
                .put("page_size", size)
                .put("total", tokens.size());
        data.set("items", items(tokens, query));
        return data;
    }

    /** One page of tokens as a bare array: how some hosted versions answer a list. */
    private ArrayNode items(List<EmulatedToken> tokens, Map<String, String> query) {
        int page = QueryString.positiveInt(query, "p", 1);
        int size = Math.min(MAX_PAGE_SIZE, pageSize(query));
        ArrayNode items = Reply.JSON.createArrayNode();
        tokens.stream()
                .skip((long) (page - 1) * size)
                .limit(size)
                .forEach(token -> items.add(EmulatedTokenJson.render(token, dialect)));
        return items;
    }

    private static int pageSize(Map<String, String> query) {
        int size = QueryString.positiveInt(query, "page_size", 0);
        return size > 0 ? size : QueryString.positiveInt(query, "size", 10);
    }
}
