package io.tokenpolicy.bench;

import io.tokenpolicy.worker.fixtures.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The events of a scenario, the same for every implementation: a fixed seed picks the tokens, and
 * only the run's prefix in the event ids differs, so that no run can mistake another's events for
 * duplicates. All are top-ups, the one change every baseline implements, but S5's incidents: a
 * critical {@code security.incident} each, which every implementation answers by disabling the token.
 */
final class EventLoad {

    private static final long AMOUNT = 1_000;
    private static final long SEED = 20_261_126;
    private static final String CRITICAL = "critical";

    private EventLoad() {}

    /** The timed events of S1..S3: each a new id, on a token picked uniformly or by Zipf. */
    static List<PlannedEvent> distinct(Scenario scenario, String idPrefix) {
        Random random = new Random(SEED + scenario.name().hashCode());
        Zipf zipf = scenario.zipf() ? new Zipf(scenario.tokens(), 1.0) : null;
        List<PlannedEvent> events = new ArrayList<>(scenario.events());
        for (int i = 0; i < scenario.events(); i++) {
            long token = zipf != null ? zipf.sample(random) : 1 + random.nextInt(scenario.tokens());
            events.add(topUp(idPrefix + "-" + i, token));
        }
        return events;
    }

    /**
     * The untimed warm-up: one event per token in turn, ids of their own, so that every
     * implementation meets the timed events compiled and connected, as a long-running consumer
     * would. S4's timed events then repeat them.
     */
    static List<PlannedEvent> warmUp(Scenario scenario, String idPrefix) {
        List<PlannedEvent> events = new ArrayList<>(scenario.warmUpEvents());
        for (int i = 0; i < scenario.warmUpEvents(); i++) {
            events.add(topUp(idPrefix + "-warm-" + i, 1 + i % scenario.tokens()));
        }
        return events;
    }

    /** S4's timed events: the warm-up events again and again, in turn, byte for byte. */
    static List<PlannedEvent> duplicatesOf(List<PlannedEvent> processed, int count) {
        List<PlannedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(processed.get(i % processed.size()));
        }
        return events;
    }

    /** S5's incidents: one critical incident per token of its own, in token order. */
    static List<PlannedEvent> incidents(Scenario scenario, String idPrefix) {
        List<PlannedEvent> events = new ArrayList<>(scenario.incidents());
        for (int i = 0; i < scenario.incidents(); i++) {
            String id = idPrefix + "-incident-" + i;
            long token = scenario.firstIncidentToken() + i;
            String event = CloudEvents.incident(id, token, CRITICAL, null);
            events.add(new PlannedEvent(id, token, event.getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static PlannedEvent topUp(String id, long tokenId) {
        return new PlannedEvent(
                id, tokenId, CloudEvents.topUp(id, tokenId, AMOUNT).getBytes(StandardCharsets.UTF_8));
    }
}
