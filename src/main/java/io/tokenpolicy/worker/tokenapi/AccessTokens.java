package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.text.HeaderValue;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gateway access token of each user the worker may act for. A user's access token
 * reaches only that user's tokens, so the lookup is by the owning user's id.
 * {@link #toString()} never shows a token.
 */
public final class AccessTokens {

    private final Map<Long, String> byUserId;

    private AccessTokens(Map<Long, String> byUserId) {
        byUserId.forEach((userId, token) -> {
            if (!HeaderValue.fits(token)) {
                throw new IllegalArgumentException(
                        "the access token of user_id " + userId + " has characters an HTTP header cannot carry");
            }
        });
        this.byUserId = Map.copyOf(byUserId);
    }

    public static AccessTokens single(long userId, String accessToken) {
        return new AccessTokens(Map.of(userId, accessToken));
    }

    static AccessTokens of(Map<Long, String> byUserId) {
        return new AccessTokens(byUserId);
    }

    Optional<String> forUser(long userId) {
        return Optional.ofNullable(byUserId.get(userId));
    }

    int size() {
        return byUserId.size();
    }

    /** The users, in order; never their tokens. */
    Set<Long> userIds() {
        return new TreeSet<>(byUserId.keySet());
    }

    @Override
    public String toString() {
        return "AccessTokens[users=" + userIds() + "]";
    }
}
