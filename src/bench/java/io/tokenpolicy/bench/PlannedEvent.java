package io.tokenpolicy.bench;

import java.nio.charset.StandardCharsets;

/** An event as the benchmark publishes it: its id (to match the outcome), record key and value. */
record PlannedEvent(String id, long tokenId, byte[] value) {

    byte[] key() {
        return Long.toString(tokenId).getBytes(StandardCharsets.UTF_8);
    }
}
