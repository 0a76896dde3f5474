package io.tokenpolicy.bench;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * S5's timed phase once its top-ups are queued: from 10 s in, one incident every 100 ms, each
 * published to the implementation's incident topic, while the gateway's copy of their tokens is
 * watched. It ends 10 s after the last of them is disabled, or 120 s in, or when the
 * implementation's JVM dies; the top-ups' backlog is not drained.
 */
final class IncidentWatch implements BenchRun.Ending {

    static final Duration FIRST_INCIDENT = Duration.ofSeconds(10);
    static final Duration PACE = Duration.ofMillis(100);
    static final Duration AFTER_LAST = Duration.ofSeconds(10);
    static final Duration LIMIT = Duration.ofSeconds(120);
    private static final long WATCH_MS = 20;

    private final Scenario scenario;
    private final List<PlannedEvent> incidents;
    private final String topic;
    private final String topicRole;
    private final LoadPublisher publisher;
    private final TokenApiEmulator gateway;
    private final OutcomeCollector collector;
    private final BooleanSupplier alive;
    private final Map<Long, Long> publishedMs = new HashMap<>();
    private final Map<Long, Long> seenDisabledMs = new HashMap<>();

    /** The worker's incidents go to its security topic; every other implementation's to the events topic. */
    IncidentWatch(
            Scenario scenario,
            Implementation implementation,
            RunTopics topics,
            LoadPublisher publisher,
            TokenApiEmulator gateway,
            OutcomeCollector collector,
            BooleanSupplier alive) {
        boolean onLane = implementation.incidentsOnLane();
        this.scenario = scenario;
        this.incidents = EventLoad.incidents(scenario, topics.prefix());
        this.topic = onLane ? topics.securityEvents() : topics.events();
        this.topicRole = onLane ? "token-security-events" : "token-events";
        this.publisher = publisher;
        this.gateway = gateway;
        this.collector = collector;
        this.alive = alive;
    }

    @Override
    public BenchRun.Ended await(long firstPublishedMs, long startNanos) {
        long endMs = firstPublishedMs + LIMIT.toMillis();
        long now = System.currentTimeMillis();
        while (now < endMs && alive.getAsBoolean()) {
            publishDue(firstPublishedMs + FIRST_INCIDENT.toMillis(), now);
            watch();
            if (seenDisabledMs.size() == incidents.size()) {
                endMs = Math.min(endMs, now + AFTER_LAST.toMillis());
            }
            BenchRun.sleep(WATCH_MS);
            now = System.currentTimeMillis();
        }
        IncidentCalls calls = IncidentCalls.of(gateway, scenario);
        IncidentFigures figures = IncidentFigures.of(
                scenario, topicRole, publishedMs, seenDisabledMs, calls, collector, firstPublishedMs, now);
        return new BenchRun.Ended(figures.disabled() == incidents.size(), figures);
    }

    private void publishDue(long firstDueMs, long now) {
        while (publishedMs.size() < incidents.size() && now >= firstDueMs + publishedMs.size() * PACE.toMillis()) {
            PlannedEvent incident = incidents.get(publishedMs.size());
            publishedMs.put(incident.tokenId(), publisher.publish(incident, topic));
        }
    }

    /**
     * Notes when each published incident's token is first seen disabled on the gateway, the time
     * taken after the look, so that the PUT that disabled it arrived before it.
     */
    private void watch() {
        for (Long token : publishedMs.keySet()) {
            if (!seenDisabledMs.containsKey(token) && gateway.token(token).status() == EmulatedToken.DISABLED) {
                seenDisabledMs.put(token, System.currentTimeMillis());
            }
        }
    }
}
