package io.tokenpolicy.worker.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The repository's Dockerfile as instructions (continuation lines joined, comments dropped), by stage. */
public record Dockerfile(List<List<Instruction>> stages) {

    static final Path FILE = Path.of("Dockerfile");
    private static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS=";

    /** One instruction: its keyword in upper case and its arguments. */
    record Instruction(String keyword, String arguments) {}

    static Dockerfile read() {
        List<List<Instruction>> stages = new ArrayList<>();
        for (String line : logicalLines(text())) {
            String[] parts = line.strip().split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            if (stages.isEmpty()) {
                throw new AssertionError("Dockerfile: " + line + " before the first FROM");
            }
            stages.get(stages.size() - 1).add(instruction);
        }
        return new Dockerfile(stages);
    }

    /** The JVM options the image runs the worker with: its final stage's {@code JAVA_TOOL_OPTIONS}, one by one. */
    public static List<String> javaToolOptions() {
        return all(read().finalStage(), "ENV").stream()
                .map(Instruction::arguments)
                .filter(env -> env.startsWith(JAVA_TOOL_OPTIONS))
                .map(env -> env.substring(JAVA_TOOL_OPTIONS.length()).replace("\"", ""))
                .flatMap(options -> Arrays.stream(options.strip().split("\\s+")))
                .toList();
    }

    List<Instruction> finalStage() {
        return stages.get(stages.size() - 1);
    }

    List<Instruction> all(String keyword) {
        return stages.stream()
                .flatMap(List::stream)
                .filter(i -> i.keyword().equals(keyword))
                .toList();
    }

    static List<Instruction> all(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    static Optional<Instruction> last(List<Instruction> stage, String keyword) {
        List<Instruction> matching = all(stage, keyword);
        return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
    }

    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("#") || (current.isEmpty() && line.isBlank())) {
                continue;
            }
            boolean continues = line.stripTrailing().endsWith("\\");
            current.append(
                            continues
                                    ? line.stripTrailing()
                                            .substring(0, line.stripTrailing().length() - 1)
                                    : line)
                    .append(' ');
            if (!continues) {
                lines.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return lines;
    }

    private static String text() {
        try {
            return Files.readString(FILE);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
