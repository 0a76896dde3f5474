package io.tokenpolicy.worker.commands;

import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * {@code java -jar token-policy-worker.jar replay-dlt [options]}: dead letters back onto the events topic. It ends
 * with 0 when done, 1 when Kafka failed and 2 when an option is wrong.
 */
final class ReplayCommand implements ApplicationRunner, ExitCodeGenerator {

    private final Supplier<ReplayOptions> options;
    private final Console console;
    private int exitCode;

    /** The options are taken when the command runs: a client settings file that cannot be read is a wrong option. */
    ReplayCommand(Supplier<ReplayOptions> options, Console console) {
        this.options = options;
        this.console = console;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        ReplayOptions taken;
        try {
            taken = options.get();
        } catch (IllegalArgumentException wrong) {
            exitCode = console.wrong(Command.REPLAY, wrong.getMessage());
            return;
        }
        try {
            ReplaySummary summary = new DeadLetterReplay(taken, console.out()).run();
            console.out().println(summary.describe(taken));
        } catch (KafkaException | IllegalStateException | IllegalArgumentException failed) {
            exitCode = console.failed(Command.REPLAY, failed.getMessage());
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
