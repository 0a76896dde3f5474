package io.tokenpolicy.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * S5's figures for one implementation: how long its incidents took from their publish to the
 * arrival of the PUT that disabled their token on the gateway, and how billing went meanwhile.
 * The window is from the first incident's publish to the last incident's disabling PUT, or to the
 * end of the run when not all were disabled.
 *
 * @param incidentTopic           where the incidents were published
 * @param incidents               incidents published
 * @param disabled                incidents whose token was disabled by the end of the run
 * @param p50Ms                   publish to disabled, median; -1 when fewer than half were disabled
 * @param p99Ms                   the same at the 99th percentile; -1 when fewer than 99% were disabled
 * @param maxMs                   the slowest; -1 when not all were disabled
 * @param windowSeconds           the window's length
 * @param billingEventsPerSecond  top-up outcomes seen in the window, per second
 * @param billingCallsPerSecond   gateway calls for the top-ups' tokens received in the window, per second
 * @param securityCallsPerSecond  gateway calls for the incidents' tokens received in the window, per second
 * @param perSecond               the run second by second from the first top-up's publish
 */
record IncidentFigures(
        String incidentTopic,
        int incidents,
        int disabled,
        long p50Ms,
        long p99Ms,
        long maxMs,
        double windowSeconds,
        double billingEventsPerSecond,
        double billingCallsPerSecond,
        double securityCallsPerSecond,
        List<IncidentTimeline.Second> perSecond) {

    static final long NOT_DISABLED = -1;

    static IncidentFigures of(
            Scenario scenario,
            String topic,
            Map<Long, Long> publishedMs,
            Map<Long, Long> seenDisabledMs,
            IncidentCalls calls,
            OutcomeCollector collector,
            long firstPublishedMs,
            long endMs) {
        Map<Long, Long> disabledAtMs = new HashMap<>();
        seenDisabledMs.forEach((token, seen) -> disabledAtMs.put(token, calls.disabledAtMs(token, seen)));
        disabledAtMs.values().removeIf(at -> at < 0);
        long[] latencies = latencies(scenario, publishedMs, disabledAtMs);
        long fromMs =
                publishedMs.values().stream().mapToLong(Long::longValue).min().orElse(endMs);
        long toMs = disabledAtMs.size() == scenario.incidents()
                ? disabledAtMs.values().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(endMs)
                : endMs;
        double seconds = Math.max(1, toMs - fromMs) / 1000.0;
        return new IncidentFigures(
                topic,
                publishedMs.size(),
                disabledAtMs.size(),
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                percentile(latencies, 1.0),
                seconds,
                collector.topUpsSeenBetween(fromMs, toMs) / seconds,
                calls.callsBetween(fromMs, toMs, false) / seconds,
                calls.callsBetween(fromMs, toMs, true) / seconds,
                IncidentTimeline.of(firstPublishedMs, endMs, calls, collector));
    }

    /** Publish to disabled of every incident the scenario plans, sorted; one not disabled (or not published) last. */
    private static long[] latencies(Scenario scenario, Map<Long, Long> publishedMs, Map<Long, Long> disabledAtMs) {
        long[] latencies = new long[scenario.incidents()];
        Arrays.fill(latencies, Long.MAX_VALUE);
        int i = 0;
        for (Map.Entry<Long, Long> disabled : disabledAtMs.entrySet()) {
            latencies[i++] = Math.max(0, disabled.getValue() - publishedMs.get(disabled.getKey()));
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /** The latency below which the given fraction of incidents were disabled; -1 if that many were not. */
    private static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return NOT_DISABLED;
        }
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        long value = sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        return value == Long.MAX_VALUE ? NOT_DISABLED : value;
    }
}
