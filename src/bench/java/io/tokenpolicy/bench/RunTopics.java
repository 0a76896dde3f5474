package io.tokenpolicy.bench;

import java.util.Map;

/**
 * The fresh topics and consumer group of one run, named after the scenario and implementation, so
 * that no run reads another's events, outcomes or committed offsets.
 */
record RunTopics(String prefix, int partitions) {

    static RunTopics of(Scenario scenario, Implementation implementation) {
        String prefix = "bench-" + scenario.name().toLowerCase() + "-" + implementation.id() + "-"
                + Long.toString(System.currentTimeMillis(), 36);
        return new RunTopics(prefix, scenario.partitions());
    }

    String events() {
        return prefix + ".events";
    }

    /** The worker's security lane; created with the events topic's partition count, as the worker requires. */
    String securityEvents() {
        return prefix + ".security-events";
    }

    String outcomes() {
        return prefix + ".outcomes";
    }

    String deadLetter() {
        return prefix + ".events.DLT";
    }

    String group() {
        return prefix + ".group";
    }

    /** Every topic a run reads or writes, with its partition count, for the harness to create before the run. */
    Map<String, Integer> all() {
        return Map.of(
                events(), partitions, securityEvents(), partitions, outcomes(), partitions, deadLetter(), partitions);
    }
}
