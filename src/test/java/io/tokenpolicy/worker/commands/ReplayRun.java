package io.tokenpolicy.worker.commands;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One run of {@code replay-dlt} from a dead-letter topic to its events topic: its exit status and what it printed. */
record ReplayRun(int status, String out, String err) {

    static ReplayRun of(String brokers, String events, String deadLetters, String... options) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers=" + brokers, "--from=" + deadLetters,
                "--to=" + events));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReplayCommand.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ReplayRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
