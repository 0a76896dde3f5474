package io.tokenpolicy.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * S5 second by second from the first top-up's publish, in {@code results.json}: top-up outcomes
 * seen, and gateway calls received for the top-ups' and for the incidents' tokens. It shows
 * whether billing kept draining while the incidents were applied, and when it did not.
 */
final class IncidentTimeline {

    private static final long SECOND_MS = 1_000;

    private IncidentTimeline() {}

    static List<Second> of(long firstPublishedMs, long endMs, IncidentCalls calls, OutcomeCollector collector) {
        List<Second> seconds = new ArrayList<>();
        for (long from = firstPublishedMs; from < endMs; from += SECOND_MS) {
            long to = from + SECOND_MS;
            seconds.add(new Second(
                    (int) ((from - firstPublishedMs) / SECOND_MS),
                    collector.topUpsSeenBetween(from, to),
                    calls.callsBetween(from, to, false),
                    calls.callsBetween(from, to, true)));
        }
        return seconds;
    }

    /** One second of the run: top-up outcomes seen, and calls for the top-ups' and for the incidents' tokens. */
    record Second(int second, long topUpOutcomes, long billingCalls, long securityCalls) {}
}
