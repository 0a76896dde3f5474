package io.tokenpolicy.worker.events;

import io.tokenpolicy.worker.text.Printable;

/**
 * The record key: the token id in decimal, so that all events of a token land on one
 * partition and keep their order. A missing key, or one that names another token or the same
 * token in another spelling ({@code 042}, {@code " 42"}), would put the token's events on
 * several partitions or ordering keys, to be applied concurrently: such events are refused.
 */
public final class RecordKey {

    private static final int MAX_ECHOED_KEY_BYTES = 256;

    private RecordKey() {}

    /** The token id the key names in canonical decimal, or null when there is no key or it is not one. */
    public static Long tokenId(byte[] key) {
        if (key == null || key.length > 20) {
            return null;
        }
        String text = TokenEventReader.utf8(key);
        try {
            long id = Long.parseLong(text);
            return id > 0 && Long.toString(id).equals(text) ? id : null;
        } catch (NumberFormatException notTokenId) {
            return null;
        }
    }

    static void requireMatches(byte[] key, long tokenId) {
        if (key == null) {
            throw new BadEventException("record key is missing: key the record by data.token_id (" + tokenId
                    + ") to keep the token's events in order");
        }
        if (!Long.valueOf(tokenId).equals(tokenId(key))) {
            throw new BadEventException("record key '" + Printable.of(TokenEventReader.utf8(key))
                    + "' is not data.token_id " + tokenId + ": key events by token id in decimal to keep their order");
        }
    }

    /** The key to publish a record's outcome or dead letter under when it names no token: the key itself, if short. */
    public static byte[] bounded(byte[] key) {
        return key != null && key.length <= MAX_ECHOED_KEY_BYTES ? key : null;
    }
}
