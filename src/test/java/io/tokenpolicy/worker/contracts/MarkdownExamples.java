package io.tokenpolicy.worker.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON examples of a Markdown file: every value in its {@code ```json} blocks (a block may
 * hold several, one after another), and every {@code echo '{...}'} in its other code blocks,
 * which is how the README and the docs feed events to kcat.
 */
final class MarkdownExamples {

    /** Where an example was found. */
    enum Source {
        JSON_BLOCK,
        ECHO
    }

    /** One example, where it was found: the file, the line where it starts, and the kind of block. */
    record Example(Path file, int line, Source source, JsonNode json) {

        boolean isEvent() {
            return json.has("specversion");
        }

        boolean isOutcome() {
            return json.has("event_id") && json.has("result");
        }

        boolean isDriftFinding() {
            return json.has("finding_id");
        }

        @Override
        public String toString() {
            return file + ":" + line + ": " + json;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)[^\\n]*\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern ECHO = Pattern.compile("echo\\s+'(\\{[^']*})'");

    private MarkdownExamples() {}

    static List<Example> of(Path markdown) {
        String text = MarkdownFile.read(markdown).text();
        List<Example> examples = new ArrayList<>();
        Matcher block = FENCE.matcher(text);
        while (block.find()) {
            int line = MarkdownFile.lineOf(text, block.start(2));
            if (block.group(1).equals("json")) {
                parseAll(block.group(2))
                        .forEach(json -> examples.add(new Example(markdown, line, Source.JSON_BLOCK, json)));
            } else {
                examples.addAll(echoed(markdown, line, block.group(2)));
            }
        }
        return examples;
    }

    private static List<Example> echoed(Path markdown, int firstLine, String block) {
        List<Example> examples = new ArrayList<>();
        Matcher echo = ECHO.matcher(block);
        while (echo.find()) {
            int line = firstLine + MarkdownFile.lineOf(block, echo.start()) - 1;
            examples.add(new Example(markdown, line, Source.ECHO, parse(echo.group(1))));
        }
        return examples;
    }

    private static List<JsonNode> parseAll(String values) {
        try (MappingIterator<JsonNode> iterator = JSON.readerFor(JsonNode.class).readValues(values)) {
            return iterator.readAll();
        } catch (IOException invalid) {
            throw new AssertionError("a ```json block is not JSON: " + invalid.getMessage(), invalid);
        }
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException invalid) {
            throw new AssertionError("an echoed example is not JSON: " + value, invalid);
        }
    }
}
