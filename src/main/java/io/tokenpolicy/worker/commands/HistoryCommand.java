package io.tokenpolicy.worker.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.events.PartitionRule;
import io.tokenpolicy.worker.events.TokenEventReader;
import io.tokenpolicy.worker.text.Printable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * {@code java -jar token-policy-worker.jar history --token 42 [--user 7] [--json]}: every outcome and drift finding of
 * one token, in the order they were published, from the token's partition of the outcome topic and of the drift topic
 * alone (both are keyed by token id, so that partition holds all of them). A table, or with {@code --json} each record
 * as published, one a line. It ends with 0 (also when the token has no history), 1 when Kafka failed, 2 when an option
 * is wrong.
 */
final class HistoryCommand implements ApplicationRunner, ExitCodeGenerator {

    private static final Duration STALLED = Duration.ofSeconds(60);

    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final String outcomesTopic;
    private final String driftTopic;
    private final HistoryProperties history;
    private final Console console;
    private int exitCode;

    HistoryCommand(
            Supplier<Consumer<byte[], byte[]>> readers,
            String outcomesTopic,
            String driftTopic,
            HistoryProperties history,
            Console console) {
        this.readers = readers;
        this.outcomesTopic = outcomesTopic;
        this.driftTopic = driftTopic;
        this.history = history;
        this.console = console;
    }

    /** One entry of the history: an outcome or a finding, as published. */
    private record Entry(boolean finding, long timestamp, String topic, int partition, long offset, JsonNode json) {}

    @Override
    public void run(ApplicationArguments arguments) {
        if (history.token() == null) {
            exitCode = console.wrong(Command.HISTORY, "--token is required");
            return;
        }
        List<Entry> entries = new ArrayList<>();
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            entries.addAll(read(reader, outcomesTopic, false));
            entries.addAll(read(reader, driftTopic, true));
        } catch (org.apache.kafka.common.KafkaException | IllegalStateException failed) {
            exitCode = console.failed(Command.HISTORY, failed.getMessage());
            return;
        }
        entries.sort(Comparator.comparingLong(Entry::timestamp)
                .thenComparing(Entry::finding)
                .thenComparingLong(Entry::offset));
        if (history.json()) {
            entries.forEach(entry -> console.out().println(entry.json()));
        } else {
            table(entries);
        }
    }

    /** The token's records of its partition of {@code topic}, read to the end it had when the read began. */
    private List<Entry> read(Consumer<byte[], byte[]> reader, String topic, boolean findings) {
        byte[] key = Long.toString(history.token()).getBytes(StandardCharsets.UTF_8);
        int partitions = reader.partitionsFor(topic).size();
        TopicPartition own = new TopicPartition(topic, PartitionRule.ownPartition(key, partitions));
        reader.assign(List.of(own));
        reader.seekToBeginning(List.of(own));
        long end = reader.endOffsets(List.of(own)).get(own);
        List<Entry> entries = new ArrayList<>();
        Instant progressed = Instant.now();
        while (reader.position(own) < end) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(500))) {
                progressed = Instant.now();
                if (record.offset() < end && ofTheToken(record)) {
                    JsonNode json = readable(record);
                    if (history.user() == null || json.path("user_id").asLong() == history.user()) {
                        entries.add(new Entry(
                                findings, record.timestamp(), topic, record.partition(), record.offset(), json));
                    }
                }
            }
            if (Duration.between(progressed, Instant.now()).compareTo(STALLED) > 0) {
                throw new IllegalStateException("no progress reading " + own + " for " + STALLED);
            }
        }
        return entries;
    }

    /** The record's JSON; one that is not JSON (a broken producer's) is shown as its text, to be seen, not hidden. */
    private static JsonNode readable(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.parse(record.value(), "record");
        } catch (RuntimeException unreadable) {
            return Json.MAPPER
                    .createObjectNode()
                    .put("unreadable", Printable.of(TokenEventReader.utf8(record.value()), 300));
        }
    }

    private boolean ofTheToken(ConsumerRecord<byte[], byte[]> record) {
        return record.key() != null
                && record.value() != null
                && TokenEventReader.utf8(record.key()).equals(Long.toString(history.token()));
    }

    private void table(List<Entry> entries) {
        PrintStream out = console.out();
        String row = "%-30s  %-7s  %-28s  %-38s  %s%n";
        out.printf(row, "time", "what", "type or kind", "event or finding", "result and reason, or decided -> found");
        for (Entry entry : entries) {
            JsonNode json = entry.json();
            if (entry.finding()) {
                out.printf(
                        row,
                        json.path("found_at").asText(),
                        "finding",
                        json.path("kind").asText(),
                        json.path("finding_id").asText(),
                        shown(json.path("field").asText() + ": " + json.path("decided") + " -> " + json.path("found")
                                + (json.path("enforced_by").isTextual()
                                        ? "; enforced again by "
                                                + json.path("enforced_by").asText()
                                        : "")));
            } else {
                out.printf(
                        row,
                        json.path("completed_at").asText(),
                        "outcome",
                        json.path("event_type").asText(),
                        json.path("source").asText() + " "
                                + json.path("event_id").asText(),
                        shown(json.path("result").asText() + ": "
                                + json.path("reason").asText() + changes(json.path("changes"))));
            }
        }
        out.printf(
                "%d entries for token %d%s%n",
                entries.size(), history.token(), history.user() == null ? "" : " of user " + history.user());
    }

    private static String changes(JsonNode changes) {
        List<String> shown = new ArrayList<>();
        changes.forEach(change ->
                shown.add(change.path("field").asText() + " " + change.path("before") + " -> " + change.path("after")));
        return shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
    }

    private static String shown(String text) {
        return Printable.of(text, 300);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
