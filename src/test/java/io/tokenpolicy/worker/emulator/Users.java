package io.tokenpolicy.worker.emulator;

import com.sun.net.httpserver.Headers;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's users, their access tokens, whether they are disabled and which groups they may select, and its
 * authentication of token API calls.
 */
final class Users {

    private static final String BEARER = "Bearer ";

    private final Map<String, Long> ownerByAccessToken = new ConcurrentHashMap<>();

    private final Set<Long> disabled = ConcurrentHashMap.newKeySet();

    private final Map<Long, Set<String>> selectableGroups = new ConcurrentHashMap<>();

    void add(long userId, String accessToken) {
        ownerByAccessToken.put(accessToken, userId);
    }

    /** The user's access tokens so far stop working; {@code accessToken} is the one that works. */
    void rotate(long userId, String accessToken) {
        ownerByAccessToken.values().removeIf(owner -> owner == userId);
        add(userId, accessToken);
    }

    void disable(long userId) {
        disabled.add(userId);
    }

    void selectableGroups(long userId, Set<String> groups) {
        selectableGroups.put(userId, Set.copyOf(groups));
    }

    /** The groups the user may select, or empty when a test never said: then every group is selectable. */
    Optional<Set<String>> selectableGroups(long userId) {
        return Optional.ofNullable(selectableGroups.get(userId));
    }

    /**
     * The id of the calling user, in the order the server checks: access token, the user's status, then
     * New-Api-User where the server reads it (one-api never did, new-api 2026-08 no longer does: there the
     * access token alone names the user).
     */
    long authenticate(Headers headers, ServerProfile profile) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || authorization.isEmpty()) {
            throw refused(profile, 401, "Unauthorized, not logged in and no access token provided");
        }
        String accessToken =
                authorization.startsWith(BEARER) ? authorization.substring(BEARER.length()) : authorization;
        Long owner = ownerByAccessToken.get(accessToken);
        if (owner == null) {
            throw refused(profile, 200, EmulatedRefusal.UNKNOWN_ACCESS_TOKEN.text(profile));
        }
        if (disabled.contains(owner)) {
            throw refused(profile, 200, "The user has been banned");
        }
        if (profile.readsUserHeader() && userHeader(headers.getFirst("New-Api-User")) != owner) {
            throw ApiFailure.unauthorized("Unauthorized, New-Api-User does not match the logged-in user");
        }
        return owner;
    }

    /** Older servers answer with the given status; newer ones with 401 and a code, whatever the reason. */
    private static ApiFailure refused(ServerProfile profile, int olderStatus, String message) {
        if (profile.refusesEveryUnauthorizedCallWith401()) {
            return ApiFailure.unauthorizedWithCode(message);
        }
        return olderStatus == 401 ? ApiFailure.unauthorized(message) : ApiFailure.business(message);
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
