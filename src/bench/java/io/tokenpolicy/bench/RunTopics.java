package io.tokenpolicy.bench;

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

    String outcomes() {
        return prefix + ".outcomes";
    }

    String deadLetter() {
        return prefix + ".events.DLT";
    }

    String group() {
        return prefix + ".group";
    }
}
