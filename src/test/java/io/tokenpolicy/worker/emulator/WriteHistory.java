package io.tokenpolicy.worker.emulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What changed each token apart from usage: every write call (a full or status-only PUT, a create) that took effect
 * and every one turned away, for a test to tell which write left a token as it is. All are kept.
 */
final class WriteHistory {

    private final Queue<TokenWrite> writes = new ConcurrentLinkedQueue<>();

    /** A write that took effect; {@code before} is {@code null} for a create. */
    void tookEffect(Route route, Instant arrivedAt, EmulatedToken before, EmulatedToken after) {
        writes.add(TokenWrite.tookEffect(route, arrivedAt, before, after));
    }

    /** A call turned away; nothing is kept of a call that does not write. */
    void turnedAway(Route route, Instant arrivedAt, String body, String why) {
        if (route.writes() || route == Route.CREATE_TOKEN) {
            writes.add(TokenWrite.turnedAway(tokenIdIn(body), route, arrivedAt, why));
        }
    }

    /** The token's writes, in the order they took effect or were turned away. */
    List<TokenWrite> of(long tokenId) {
        return writes.stream()
                .filter(write -> write.tokenId() == tokenId)
                .sorted(Comparator.comparing(TokenWrite::at).thenComparing(TokenWrite::arrivedAt))
                .toList();
    }

    /** The {@code id} of the body, or 0 when it has none or is not read. */
    private static long tokenIdIn(String body) {
        try {
            return JsonFields.of(body).integer("id");
        } catch (ApiFailure unread) {
            return 0;
        }
    }
}
