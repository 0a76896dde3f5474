package io.tokenpolicy.worker.apply;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The gateway's tokens of a user, a page at a time, and a token that may be gone: what a drift pass reads. The same
 * exceptions as {@link TokenGateway}'s.
 */
public interface TokenList {

    /** Page {@code index} (0 is the first, whatever the gateway counts from) of the user's tokens, {@code size} each. */
    Page page(long userId, int index, int size);

    /** A page of tokens, and how many the user has when the gateway says ({@code total}; bare arrays do not). */
    record Page(List<StoredToken> tokens, OptionalLong total) {

        public Page {
            tokens = List.copyOf(tokens);
        }
    }

    /** The user's token, or empty when the gateway has no such token of the user ({@code record not found}). */
    Optional<StoredToken> find(long userId, long tokenId);
}
