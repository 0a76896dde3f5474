package io.tokenpolicy.worker.commands;

import io.tokenpolicy.worker.drift.DriftWatch;
import io.tokenpolicy.worker.drift.PolicyViewTopic;
import io.tokenpolicy.worker.drift.ViewedToken;
import io.tokenpolicy.worker.text.Printable;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.kafka.KafkaException;

/**
 * {@code java -jar token-policy-worker.jar drift [options]}: one drift pass ({@link DriftWatch}) over the policy's
 * view of every token, read from the policy-view topic. It prints one line per finding and a summary, and ends with 0
 * when nothing differs, 3 when something does, 1 when Kafka failed or some tokens could not be read (after printing
 * what was found), and 2 when an option is wrong.
 */
final class DriftCommand implements ApplicationRunner, ExitCodeGenerator {

    static final int FOUND = 3;

    private final Supplier<Consumer<byte[], byte[]>> viewReader;
    private final String viewTopic;
    private final DriftWatch watch;
    private final Console console;
    private int exitCode;

    DriftCommand(Supplier<Consumer<byte[], byte[]>> viewReader, String viewTopic, DriftWatch watch, Console console) {
        this.viewReader = viewReader;
        this.viewTopic = viewTopic;
        this.watch = watch;
        this.console = console;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        List<ViewedToken> viewed;
        try (Consumer<byte[], byte[]> reader = viewReader.get()) {
            viewed = PolicyViewTopic.read(reader, viewTopic);
        } catch (KafkaException | org.apache.kafka.common.KafkaException failed) {
            exitCode = console.failed(Command.DRIFT, "cannot read " + viewTopic + ": " + failed.getMessage());
            return;
        }
        DriftWatch.Report report;
        try {
            report = watch.run(viewed);
        } catch (KafkaException | org.apache.kafka.common.KafkaException failed) {
            exitCode = console.failed(Command.DRIFT, failed.getMessage());
            return;
        }
        print(report);
        if (!report.result().completed()) {
            exitCode = console.failed(
                    Command.DRIFT,
                    "the tokens of " + report.result().failedUsers().size() + " user(s) could not all be read: "
                            + Printable.of(report.result().failedUsers().toString(), 300));
            return;
        }
        exitCode = report.published().isEmpty() ? 0 : FOUND;
    }

    private void print(DriftWatch.Report report) {
        PrintStream out = console.out();
        report.published().forEach(published -> out.println(published.describe()));
        out.printf(
                "drift pass %s: %d tokens compared, %d findings (%d enforced), %d gateway calls%n",
                report.passId(),
                report.result().compared(),
                report.published().size(),
                report.published().stream()
                        .filter(p -> p.enforcedBy().isPresent())
                        .count(),
                report.result().calls());
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
