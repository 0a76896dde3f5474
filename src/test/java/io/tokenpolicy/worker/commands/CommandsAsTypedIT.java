package io.tokenpolicy.worker.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.fixtures.FreePort;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.Producers;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.sandbox.Sandbox;
import io.tokenpolicy.worker.sandbox.SandboxSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot commands run as separate processes the way the README and docs/operations.md type them, next to a
 * running sandbox (broker, gateway emulator and worker in this JVM, on free ports): each prints exactly its
 * documented lines on standard output and nothing else, binds no port, and each expected error ends it with one
 * line on standard error and its documented exit status. The README's replay walk-through runs as written.
 */
class CommandsAsTypedIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SandboxSettings settings;
    private static Sandbox sandbox;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startSandbox() {
        settings = new SandboxSettings("127.0.0.1", FreePort.find(), FreePort.find(), FreePort.find(), true);
        sandbox = Sandbox.start(settings, "--server.port=0");
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void explainOfAFileOneDirectoryUpPrintsTheDocumentedLinesAndBindsNoPort() throws IOException {
        List<String> block = Docs.block("docs/operations.md", "**Explain** one event", "sh");
        String event = Docs.between(String.join("\n", block), "echo '", "' >");
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("event.json"), event);
        List<String> typed = Docs.javaCommand(block);
        Map<String, String> environment = Docs.environment(typed);
        environment.put("TOKEN_API_BASE_URL", settings.gatewayUrl());
        environment.put("SERVER_PORT", sandbox.worker().getEnvironment().getProperty("local.server.port"));

        JarProcess explain = JarProcess.run(work, environment, List.of("--explain=../event.json"));

        List<String> documented = Docs.block("docs/operations.md", "**Explain** one event", "");
        assertThat(explain.err()).isEmpty();
        assertThat(explain.status()).isZero();
        assertThat(typed).last().asString().startsWith("--explain=/tmp/");
        assertThat(explain.outLines()).hasSize(documented.size());
        assertThat(explain.outLines().subList(0, 4)).isEqualTo(documented.subList(0, 4));
        assertThat(explain.outLines().get(4)).startsWith(documented.get(4).replace(",...}", ","));
    }

    @Test
    void explainOfAMissingFileSaysSoInOneLine() {
        JarProcess explain = JarProcess.run(dir, sandboxUser(settings.gatewayUrl()), List.of("--explain=missing.json"));

        assertThat(explain.status()).isEqualTo(2);
        assertThat(explain.out()).isEmpty();
        assertThat(explain.errLines()).containsExactly("explain: cannot read missing.json: no such file");
    }

    @Test
    void explainWithTheGatewayUnreachableSaysSoInOneLine() throws IOException {
        Path event = Files.writeString(
                dir.resolve("topup.json"),
                "{\"specversion\":\"1.0\",\"id\":\"t-1\",\"source\":\"/billing\",\"type\":\"billing.topup\","
                        + "\"data\":{\"token_id\":1,\"amount\":5}}");

        JarProcess explain =
                JarProcess.run(dir, sandboxUser("http://127.0.0.1:" + FreePort.find()), List.of("--explain=" + event));

        assertThat(explain.status()).isEqualTo(1);
        assertThat(explain.out()).isEmpty();
        assertThat(explain.errLines())
                .singleElement()
                .asString()
                .startsWith("explain failed: gateway unavailable after 3 attempts");
    }

    @Test
    void aMistypedCommandIsRefusedInOneLineAndStartsNoWorker() {
        for (String mistyped : List.of("replay-dtl", "drfit")) {
            JarProcess refused = JarProcess.run(dir, Map.of(), List.of(mistyped));

            assertThat(refused.status()).isEqualTo(2);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.errLines())
                    .containsExactly("unknown command " + mistyped + ": the commands are replay-dlt, drift, history"
                            + " [options] and --explain=FILE, and without one the worker starts (--help says more)");
        }
    }

    @Test
    void driftIsACommandThatNamesTheGatewaySettingsItLacksInOneLine() {
        JarProcess drift = JarProcess.run(dir, Map.of(), List.of("drift", "--enforce"));

        assertThat(drift.status()).isEqualTo(2);
        assertThat(drift.out()).isEmpty();
        assertThat(drift.errLines())
                .singleElement()
                .asString()
                .startsWith("drift: set token-api.user-id and token-api.access-token");
    }

    @Test
    void historyWithAMistypedOptionNamesItInOneLine() {
        JarProcess history = JarProcess.run(dir, Map.of(), List.of("history", "--tokn", "42"));

        assertThat(history.status()).isEqualTo(2);
        assertThat(history.out()).isEmpty();
        assertThat(history.errLines())
                .containsExactly("history: unknown option --tokn (history --help lists the options)");
    }

    @Test
    void replayWithAMistypedOptionNamesItInOneLine() {
        JarProcess replay = JarProcess.run(dir, Map.of(), List.of("replay-dlt", "--sinse=PT1H"));

        assertThat(replay.status()).isEqualTo(2);
        assertThat(replay.out()).isEmpty();
        assertThat(replay.errLines())
                .containsExactly("replay-dlt: unknown option --sinse (replay-dlt --help lists the options)");
    }

    @Test
    void replayWithKafkaUnreachableSaysSoInOneLine() throws IOException {
        String brokers = "127.0.0.1:" + FreePort.find();
        Path quick = Files.writeString(dir.resolve("quick.properties"), "default.api.timeout.ms=3000\n");

        JarProcess replay = JarProcess.run(
                dir, Map.of(), List.of("replay-dlt", "--bootstrap-servers=" + brokers, "--command-config=" + quick));

        assertThat(replay.status()).isEqualTo(1);
        assertThat(replay.out()).isEmpty();
        assertThat(replay.errLines())
                .containsExactly("replay-dlt failed: Kafka at " + brokers
                        + " did not answer (Timeout expired while fetching topic metadata)");
    }

    @Test
    void theReadmesReplayWalkThroughEndsAppliedThenDuplicate() throws Exception {
        List<String> lines = Docs.commands(Docs.block("README.md", "### A failure, the DLT and a replay", "sh"));
        List<String> documentedReplay = Docs.block("docs/events.md", "## Replaying dead letters", "sh").stream()
                .filter(line -> line.startsWith("# replaying ") || line.startsWith("# replayed "))
                .map(line -> line.substring(2))
                .toList();
        try (KafkaProducer<String, String> producer = Producers.strings(settings.bootstrapServers());
                Outcomes outcomes = new Outcomes(settings.bootstrapServers(), "token-outcomes");
                TopicReader deadLetters = new TopicReader(settings.bootstrapServers(), "token-events.DLT")) {
            String eventId = null;
            List<String> seen = new ArrayList<>();
            for (String line : lines) {
                String typed = local(line);
                if (typed.startsWith("outcomes='kcat -C ") && typed.contains(" -t token-outcomes ")) {
                    continue;
                } else if (typed.startsWith("curl ")) {
                    assertThat(curl(typed)).as(typed).isEqualTo(200);
                } else if (typed.startsWith("echo '")) {
                    String event = Docs.between(typed, "echo '", "'");
                    eventId = Docs.between(event, "\"id\":\"", "\"");
                    producer.send(new ProducerRecord<>(Docs.option(typed, "-t"), Docs.option(typed, "-k"), event))
                            .get();
                } else if (typed.startsWith("$outcomes ")) {
                    String expected = typed.substring(typed.indexOf('#') + 1).trim();
                    String id = eventId;
                    await(expected).atMost(Duration.ofSeconds(60)).until(() -> results(outcomes, id)
                            .equals(with(seen, expected.substring(expected.indexOf(' ') + 1))));
                    seen.add(expected.substring(expected.indexOf(' ') + 1));
                } else if (typed.startsWith("kcat -C") && typed.contains("token-events.DLT")) {
                    String id = eventId;
                    deadLetters.await(
                            "the dead letter of " + id, record -> new String(record.value(), StandardCharsets.UTF_8)
                                    .contains("\"id\":\"" + id + "\""));
                } else if (typed.startsWith("java -jar ")) {
                    JarProcess replay =
                            JarProcess.run(Path.of(".").toAbsolutePath(), Map.of(), Docs.javaCommand(List.of(typed)));
                    assertThat(replay.status()).as(replay.err()).isZero();
                    assertThat(replay.err()).isEmpty();
                    assertThat(replay.outLines()).hasSize(documentedReplay.size());
                    assertThat(replay.outLines().get(0))
                            .contains(" event " + eventId + " (billing.topup) parked ")
                            .matches(
                                    printed -> digitless(printed).equals(digitless(documentedReplay.get(0))),
                                    "as documented");
                    assertThat(digitless(replay.outLines().get(1))).isEqualTo(digitless(documentedReplay.get(1)));
                } else {
                    throw new AssertionError("the walk-through has a command this test does not know: " + line);
                }
            }
            assertThat(seen).containsExactly("FAILED", "APPLIED", "DUPLICATE");
        }
    }

    /** The line with its event id and every number replaced: only its shape is the same from run to run. */
    private static String digitless(String line) {
        return line.replaceAll(" event \\S+ \\(", " event ID (").replaceAll("\\d+", "N");
    }

    private static List<String> results(Outcomes outcomes, String eventId) {
        return outcomes.all().stream()
                .filter(outcome -> eventId.equals(outcome.path("event_id").asText()))
                .map(outcome -> outcome.path("result").asText())
                .toList();
    }

    private static List<String> with(List<String> seen, String next) {
        List<String> all = new ArrayList<>(seen);
        all.add(next);
        return all;
    }

    /** The line with the sandbox's default addresses replaced by where this test's sandbox listens. */
    private static String local(String line) {
        return line.replace("127.0.0.1:9092", settings.bootstrapServers())
                .replace("http://127.0.0.1:3000", settings.gatewayUrl())
                .replace("http://127.0.0.1:3001/faults", settings.faultsUrl());
    }

    private static int curl(String typed) throws IOException, InterruptedException {
        String method = Docs.option(typed, "-X");
        String url = typed.substring(typed.indexOf("http")).replace("'", "").trim();
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }

    private static Map<String, String> sandboxUser(String gatewayUrl) {
        return new LinkedHashMap<>(Map.of(
                "TOKEN_API_BASE_URL", gatewayUrl,
                "TOKEN_API_USER_ID", "1",
                "TOKEN_API_ACCESS_TOKEN", "sandbox-access-token"));
    }

    /** Blocks and commands as the documentation writes them. */
    private static final class Docs {

        /** The lines of the first block after {@code heading} in the file whose fence names {@code language}. */
        static List<String> block(String file, String heading, String language) {
            List<String> lines;
            try {
                String text = Files.readString(Path.of(file));
                lines = text.substring(text.indexOf(heading)).lines().toList();
            } catch (IOException unreadable) {
                throw new AssertionError(unreadable);
            }
            List<String> block = new ArrayList<>();
            boolean inside = false;
            boolean wanted = false;
            for (String line : lines) {
                if (line.startsWith("```")) {
                    if (inside && wanted) {
                        return block;
                    }
                    wanted = !inside && line.equals("```" + language);
                    inside = !inside;
                } else if (inside && wanted) {
                    block.add(line);
                }
            }
            throw new AssertionError("no ```" + language + " block after " + heading + " in " + file);
        }

        /** The commands of a shell block: continued lines joined, comment lines left out. */
        static List<String> commands(List<String> block) {
            List<String> commands = new ArrayList<>();
            StringBuilder command = new StringBuilder();
            for (String line : block) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                command.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line);
                if (!line.endsWith("\\")) {
                    commands.add(command.toString().replaceAll("\\s+", " ").trim());
                    command.setLength(0);
                }
            }
            return commands;
        }

        /** The environment variables and the jar's arguments of the block's {@code java -jar} command. */
        static List<String> javaCommand(List<String> block) {
            String java = commands(block).stream()
                    .filter(command -> command.contains("java -jar "))
                    .findFirst()
                    .orElseThrow();
            List<String> words = new ArrayList<>(Arrays.asList(java.split(" ")));
            int jar = words.indexOf("-jar");
            List<String> args = new ArrayList<>(words.subList(0, words.indexOf("java")));
            args.addAll(words.subList(jar + 2, words.size()));
            return args.stream().filter(arg -> !arg.startsWith("#")).toList();
        }

        static Map<String, String> environment(List<String> typed) {
            Map<String, String> environment = new LinkedHashMap<>();
            typed.stream()
                    .filter(word -> word.matches("[A-Z_]+=.*"))
                    .forEach(word -> environment.put(
                            word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1)));
            return environment;
        }

        static String option(String command, String name) {
            List<String> words = Arrays.asList(command.split(" "));
            return words.get(words.indexOf(name) + 1).replace("'", "");
        }

        static String between(String text, String before, String after) {
            int from = text.indexOf(before) + before.length();
            return text.substring(from, text.indexOf(after, from));
        }
    }
}
