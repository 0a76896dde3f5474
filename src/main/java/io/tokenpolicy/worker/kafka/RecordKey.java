package io.tokenpolicy.worker.kafka;

/**
 * The record key: the token id in decimal, so that all events of a token land on one
 * partition and keep their order. A key that names another token would break that order.
 */
final class RecordKey {

    private RecordKey() {
    }

    /** The token id the key names, or null when there is no key or it is not a token id. */
    static Long tokenId(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            long id = Long.parseLong(TokenEventReader.utf8(key).strip());
            return id > 0 ? id : null;
        } catch (NumberFormatException notTokenId) {
            return null;
        }
    }

    static void requireMatches(byte[] key, long tokenId) {
        if (key != null && !Long.valueOf(tokenId).equals(tokenId(key))) {
            throw new BadEventException("record key '" + Printable.of(TokenEventReader.utf8(key))
                    + "' is not data.token_id " + tokenId + ": key events by token id to keep their order");
        }
    }
}
