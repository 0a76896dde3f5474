package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The authenticated {@code /api/token/} routes: read, list, create, update and delete the caller's own tokens. */
final class TokenRoutes {

    private static final int MAX_PAGE_SIZE = 100;

    private final TokenStore store;

    private final Users users;

    private final Forks forks;

    private final WriteHistory history;

    private volatile ServerProfile profile = ServerProfile.NEW_API_2026_04;

    private volatile long maxQuota = TokenUpdate.MAX_QUOTA;

    private final Map<Long, String> refusals = new ConcurrentHashMap<>();

    TokenRoutes(TokenStore store, Users users, Forks forks, WriteHistory history) {
        this.store = store;
        this.users = users;
        this.forks = forks;
        this.history = history;
    }

    ServerProfile profile() {
        return profile;
    }

    void speak(ServerProfile newProfile) {
        profile = newProfile;
    }

    /** The quota maximum follows the server's {@code QuotaPerUnit}: {@code 1e9 × QuotaPerUnit}. */
    void quotaPerUnit(long quotaPerUnit) {
        maxQuota = Math.multiplyExact(TokenUpdate.MAX_QUOTA_IN_UNITS, quotaPerUnit);
    }

    /** From now on every read or write of the token is refused with {@code message}, as a business error. */
    void refuse(long tokenId, String message) {
        refusals.put(tokenId, message);
    }

    void handle(EmulatorExchange exchange, Route route, Map<String, String> query, String body) throws IOException {
        try {
            long userId = users.authenticate(exchange.requestHeaders(), profile);
            switch (route) {
                case CREATE_TOKEN -> store.create(userId, checked(body, userId), profile.dialect(), exchange.arrival());
                case DELETE_TOKEN -> store.delete(unrefused(tokenId(exchange.path())), userId);
                default -> {
                    Reply.success(exchange, answer(exchange, route, userId, query, body));
                    return;
                }
            }
            Reply.done(exchange);
        } catch (ApiFailure failure) {
            history.turnedAway(
                    route,
                    exchange.arrival(),
                    body,
                    "refused " + failure.httpStatus() + " success:false: " + failure.getMessage());
            Reply.failure(exchange, failure);
        }
    }

    private JsonNode answer(
            EmulatorExchange exchange, Route route, long userId, Map<String, String> query, String body) {
        return switch (route) {
            case GET_TOKEN -> rendered(store.owned(unrefused(tokenId(exchange.path())), userId));
            case LIST_TOKENS ->
                profile.listsBareArrays() ? items(store.ownedBy(userId), query) : page(store.ownedBy(userId), query);
            case PUT_TOKEN, PUT_STATUS_ONLY ->
                rendered(store.update(userId, checked(body, userId), route, exchange.arrival()));
            default -> throw new IllegalArgumentException("not a token route: " + route);
        };
    }

    /** The body read and checked as the server does before it looks the token up. */
    private TokenUpdate checked(String body, long userId) {
        TokenUpdate update = TokenUpdate.parse(body, profile);
        unrefused(update.id());
        update.checkLimits(maxQuota);
        update.checkAutoGroups(users.selectableGroups(userId));
        return update;
    }

    private ObjectNode rendered(EmulatedToken token) {
        return forks.rendered(EmulatedTokenJson.render(token, profile));
    }

    private long unrefused(long tokenId) {
        String refusal = refusals.get(tokenId);
        if (refusal != null) {
            throw ApiFailure.business(refusal);
        }
        return tokenId;
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
        ObjectNode data = Reply.JSON
                .createObjectNode()
                .put("page", page(query))
                .put("page_size", pageSize(query))
                .put("total", tokens.size());
        data.set("items", items(tokens, query));
        return data;
    }

    /** One page of tokens as a bare array: how some hosted versions and one-api answer a list. */
    private ArrayNode items(List<EmulatedToken> tokens, Map<String, String> query) {
        int size = pageSize(query);
        ArrayNode items = Reply.JSON.createArrayNode();
        tokens.stream()
                .skip((long) (page(query) - profile.firstPage()) * size)
                .limit(size)
                .forEach(token -> items.add(rendered(token)));
        return items;
    }

    /** The page asked for; below the first page, the first (one-api counts from 0, new-api from 1). */
    private int page(Map<String, String> query) {
        int first = profile.firstPage();
        int asked = first == 0 ? QueryString.positiveInt(query, "p", 0) : QueryString.positiveInt(query, "p", 1);
        return Math.max(first, asked);
    }

    private static int pageSize(Map<String, String> query) {
        int size = QueryString.positiveInt(query, "page_size", 0);
        return Math.min(MAX_PAGE_SIZE, size > 0 ? size : QueryString.positiveInt(query, "size", 10));
    }
}
