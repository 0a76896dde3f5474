package io.tokenpolicy.worker.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.apply.FieldChange;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.apply.TokenEventApplier;
import io.tokenpolicy.worker.config.LaunchedCommand;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.events.TokenEventReader;
import io.tokenpolicy.worker.outcomes.OutcomeInput;
import io.tokenpolicy.worker.outcomes.OutcomeJson;
import io.tokenpolicy.worker.outcomes.RecordOutcomes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * {@code --explain=event.json}: reads one CloudEvent (structured mode) from a file, reads its
 * token from the gateway, and prints what the worker would change and which calls it would make,
 * without writing anything and without touching Kafka: it has no partition, so the partition rule
 * does not apply, and its outcome names no input record. It ends with 0 when the event would be applied or needs
 * nothing (PLANNED, NO_CHANGE, DUPLICATE) and 3 when the worker would reject it, both after the explanation; with 2
 * and one line when the file cannot be read, and with 1 and one line when the gateway could not be asked (FAILED).
 */
final class ExplainCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String PROPERTY = LaunchedCommand.EXPLAIN;
    static final int REJECTED = 3;

    private final Path eventFile;
    private final TokenEventReader reader;
    private final TokenEventApplier planner;
    private final Clock clock;
    private final Console console;
    private int exitCode;

    ExplainCommand(Path eventFile, TokenEventReader reader, TokenEventApplier planner, Clock clock, Console console) {
        this.eventFile = eventFile;
        this.reader = reader;
        this.planner = planner;
        this.clock = clock;
        this.console = console;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        byte[] event;
        try {
            event = Files.readAllBytes(eventFile);
        } catch (IOException unreadable) {
            exitCode = console.wrong(Command.EXPLAIN, "cannot read " + eventFile + ": " + why(unreadable));
            return;
        }
        ReadResult read = reader.read(new ConsumerRecord<>("explain", 0, 0, keyOf(event), event));
        Outcome outcome = read instanceof ReadResult.Readable readable
                ? planner.apply(readable.event(), clock.instant())
                : RecordOutcomes.rejected(read, clock.instant(), clock.instant());
        if (outcome.result() == Result.FAILED) {
            exitCode = console.failed(Command.EXPLAIN, outcome.reason());
            return;
        }
        print(outcome, read.identity().source());
        exitCode = outcome.result() == Result.REJECTED ? REJECTED : 0;
    }

    private static String why(IOException unreadable) {
        if (unreadable instanceof NoSuchFileException) {
            return "no such file";
        }
        if (unreadable instanceof AccessDeniedException) {
            return "permission denied";
        }
        return unreadable.getMessage() == null ? unreadable.getClass().getSimpleName() : unreadable.getMessage();
    }

    private void print(Outcome outcome, String source) {
        PrintStream out = console.out();
        out.printf(
                "event %s (%s) for token %s of user %s%n",
                outcome.eventId(), outcome.eventType(), outcome.tokenId(), outcome.userId());
        out.printf("result: %s: %s%n", outcome.result(), outcome.reason());
        for (FieldChange change : outcome.changes()) {
            out.printf("  %s: %s -> %s%n", change.field(), shown(change.before()), shown(change.after()));
        }
        out.printf("gateway calls made: %d (reads only; nothing was written)%n", outcome.apiCalls());
        out.println(new String(OutcomeJson.of(outcome, new OutcomeInput(source, null)), StandardCharsets.UTF_8));
    }

    private static String shown(Object value) {
        return value instanceof String text ? Json.MAPPER.valueToTree(text).toString() : String.valueOf(value);
    }

    /** The record key a producer would give the event: its token id. */
    private static byte[] keyOf(byte[] event) {
        try {
            JsonNode tokenId = Json.MAPPER.readTree(event).path("data").path("token_id");
            return tokenId.isIntegralNumber() ? tokenId.asText().getBytes(StandardCharsets.UTF_8) : null;
        } catch (IOException unreadable) {
            return null;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
