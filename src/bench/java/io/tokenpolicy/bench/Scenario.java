package io.tokenpolicy.bench;

import java.time.Duration;
import java.util.List;

/**
 * One load the benchmark puts on every implementation: the gateway it faces and the events it
 * gets. The sizes are those of issue 3 times {@code bench.scale}; token counts are not scaled, so
 * a smoke run keeps each scenario's shape (how many tokens share the events).
 *
 * @param name            S1..S5, as {@code -Dbench.scenarios} names it
 * @param title           what it measures, in words
 * @param partitions      partitions of the event and outcome topics
 * @param latency         delay the gateway adds to every call
 * @param rateLimit       gateway calls admitted per second (sliding 1 s window); 0 for none
 * @param events          events timed
 * @param tokens          distinct tokens the events are spread over
 * @param zipf            whether the spread is Zipf-skewed (exponent 1) rather than uniform
 * @param warmUpEvents    distinct events processed untimed before the timed ones, one per token in turn, so
 *                        that every implementation is measured warm, as a long-running consumer works
 * @param duplicatesOnly  whether the timed events are all repeats of the warm-up events (S4)
 * @param incidents       critical incidents published behind the timed events, on tokens of their own (S5), else 0
 * @param implementations what this scenario compares, the worker last
 */
record Scenario(
        String name,
        String title,
        int partitions,
        Duration latency,
        int rateLimit,
        int events,
        int tokens,
        boolean zipf,
        int warmUpEvents,
        boolean duplicatesOnly,
        int incidents,
        List<Implementation> implementations) {

    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final List<Implementation> CONSUMERS =
            List.of(Implementation.PLAIN, Implementation.PC, Implementation.WORKER);

    private static final List<Implementation> INCIDENT_ROWS =
            List.of(Implementation.PLAIN, Implementation.PC, Implementation.WORKER_LEGACY, Implementation.WORKER);

    /**
     * The five scenarios. {@code warmUp} events precede S1 and S2, a quarter of them S3, where the
     * gateway's limit rather than CPU sets the pace (1,000 take 3 to 12 s at 300 calls/s), and S5.
     * S5's incidents are not scaled: a smoke run still measures 100 of them, behind a shorter backlog.
     */
    static List<Scenario> all(double scale, int warmUp) {
        return List.of(
                new Scenario(
                        "S1",
                        "20 ms gateway, top-ups spread evenly over 5,000 tokens",
                        6,
                        LATENCY,
                        0,
                        scaled(20_000, scale),
                        5_000,
                        false,
                        scaled(warmUp, scale),
                        false,
                        0,
                        CONSUMERS),
                new Scenario(
                        "S2",
                        "20 ms gateway, Zipf-skewed over 200 tokens",
                        6,
                        LATENCY,
                        0,
                        scaled(20_000, scale),
                        200,
                        true,
                        scaled(warmUp, scale),
                        false,
                        0,
                        CONSUMERS),
                new Scenario(
                        "S3",
                        "20 ms gateway limited to 300 calls/s, Zipf over 1,000 tokens",
                        6,
                        LATENCY,
                        300,
                        scaled(10_000, scale),
                        1_000,
                        true,
                        scaled(warmUp / 4, scale),
                        false,
                        0,
                        CONSUMERS),
                new Scenario(
                        "S4",
                        "only duplicates of processed events (20 ms gateway)",
                        6,
                        LATENCY,
                        0,
                        scaled(100_000, scale),
                        scaled(2_000, scale),
                        false,
                        scaled(2_000, scale),
                        true,
                        0,
                        List.of(Implementation.RELAY, Implementation.WORKER)),
                new Scenario(
                        "S5",
                        "100,000 top-ups queued over 20,000 tokens at 300 calls/s, then 100 critical incidents",
                        6,
                        LATENCY,
                        300,
                        scaled(100_000, scale),
                        20_000,
                        false,
                        scaled(warmUp / 4, scale),
                        false,
                        100,
                        INCIDENT_ROWS));
    }

    /** The first of the incidents' tokens, which follow the top-ups' tokens (20,001..20,100 in S5). */
    long firstIncidentToken() {
        return tokens + 1L;
    }

    /** Gateway calls per second the gateway can serve to {@code inFlight} concurrent callers. */
    double gatewayCallsPerSecond(int inFlight) {
        double byLatency = inFlight / (latency.toNanos() / 1e9);
        return rateLimit > 0 ? Math.min(byLatency, rateLimit) : byLatency;
    }

    private static int scaled(int size, double scale) {
        return Math.max(1, (int) Math.round(size * scale));
    }
}
