package io.tokenpolicy.worker.commands;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;

/** {@code java -jar token-policy-worker.jar replay-dlt [options]}: dead letters back onto the events topic. */
public final class ReplayCommand {

    public static final String NAME = "replay-dlt";

    private ReplayCommand() {
    }

    /** Runs the command; the exit status is 0 when done, 1 when Kafka failed, 2 when the options are wrong. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("--help")) {
            out.print(ReplayOptions.USAGE);
            return 0;
        }
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args, env, Clock.systemUTC());
        } catch (IllegalArgumentException wrong) {
            err.println("replay-dlt: " + wrong.getMessage());
            err.print(ReplayOptions.USAGE);
            return 2;
        }
        try {
            ReplaySummary summary = new DeadLetterReplay(options, out).run();
            out.println(summary.describe(options));
            return 0;
        } catch (KafkaException | IllegalStateException | IllegalArgumentException failed) {
            err.println("replay-dlt failed: " + failed.getMessage());
            return 1;
        }
    }
}
