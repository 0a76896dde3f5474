package io.tokenpolicy.worker.emulator;

import com.sun.net.httpserver.Headers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The gateway's users and their access tokens, and its authentication of token API calls. */
final class Users {

    private static final String BEARER = "Bearer ";

    private final Map<String, Long> ownerByAccessToken = new ConcurrentHashMap<>();

    void add(long userId, String accessToken) {
        ownerByAccessToken.put(accessToken, userId);
    }

    /** The user's access tokens so far stop working; {@code accessToken} is the one that works. */
    void rotate(long userId, String accessToken) {
        ownerByAccessToken.values().removeIf(owner -> owner == userId);
        add(userId, accessToken);
    }

    /**
     * The id of the calling user, in the order the server checks: access token, then New-Api-User
     * (which one-api does not know: there the access token alone names the user).
     */
    long authenticate(Headers headers, EmulatedDialect dialect) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || authorization.isEmpty()) {
            throw ApiFailure.unauthorized("Unauthorized, not logged in and no access token provided");
        }
        String accessToken =
                authorization.startsWith(BEARER) ? authorization.substring(BEARER.length()) : authorization;
        Long owner = ownerByAccessToken.get(accessToken);
        if (owner == null) {
            throw ApiFailure.business("Unauthorized, invalid access token");
        }
        if (dialect.requiresUserHeader() && userHeader(headers.getFirst("New-Api-User")) != owner) {
            throw ApiFailure.unauthorized("Unauthorized, New-Api-User does not match the logged-in user");
        }
        return owner;
    }

    private static long userHeader(String value) {
        if (value == null || value.isEmpty()) {
            throw ApiFailure.unauthorized("Unauthorized, New-Api-User not provided");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException ex) {
            throw ApiFailure.unauthorized("Unauthorized, New-Api-User has a wrong format");
        }
    }
}
