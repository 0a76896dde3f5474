package io.tokenpolicy.worker.commands;

/** What a replay did with the dead letters it read. */
final class ReplaySummary {

    int read;
    int replayed;
    int outsideTimeRange;
    int otherResult;
    int otherType;
    int forgotten;

    String describe(ReplayOptions options) {
        return (options.dryRun() ? "would replay " : "replayed ") + replayed + " of " + read + " dead letters from "
                + options.from() + " to " + options.to() + " (left: " + outsideTimeRange + " outside the time range, "
                + otherResult + " with another result, " + otherType + " of another type"
                + (forgotten > 0 ? ", " + forgotten + " refused as parked longer ago than the dedup window" : "") + ")";
    }
}
