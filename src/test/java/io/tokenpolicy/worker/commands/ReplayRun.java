package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.TokenPolicyWorkerApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One run of {@code replay-dlt} from a dead-letter topic to its events topic: its exit status and what it printed. */
public record ReplayRun(int status, String out, String err) {

    public static ReplayRun of(String brokers, String events, String deadLetters, String... options) {
        List<String> args = new ArrayList<>(List.of(
                ReplayArguments.NAME, "--bootstrap-servers=" + brokers, "--from=" + deadLetters, "--to=" + events));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CommandRun.run(
                Command.REPLAY,
                TokenPolicyWorkerApplication.class,
                new Console(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)),
                args.toArray(String[]::new));
        return new ReplayRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
