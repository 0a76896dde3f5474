package io.tokenpolicy.worker.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Markdown file of the documentation as GitHub renders it: the links in its prose (inline links and
 * images, reference definitions, autolinks and bare web addresses; code blocks and code spans hold none) and
 * the anchors its headings get (GitHub's slugs: lower case, punctuation dropped, each space a hyphen, a
 * repeated slug numbered {@code -1}, {@code -2}, ...).
 */
final class MarkdownFile {

    /** A link's target as written, and the line it is on. */
    record Link(int line, String target) {}

    private static final Pattern FENCED = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?s:.+?)\\1");
    private static final Pattern INLINE = Pattern.compile("]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^ {0,3}\\[[^\\]\\n]+\\]:\\s*<?([^\\s>]+)>?");
    private static final Pattern AUTOLINK = Pattern.compile("<([a-zA-Z][a-zA-Z0-9+.-]*:[^\\s>]*)>");
    /** A web address GitHub links by itself, without the punctuation that ends its sentence. */
    private static final Pattern BARE =
            Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s)>\\]]*?(?=[.,:;!?*_~'\"]*(?:[\\s)>\\]]|$))");

    private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}_ -]");

    private final Path path;
    private final String text;
    private final String outsideCodeBlocks;
    private final String prose;

    private MarkdownFile(Path path, String text) {
        this.path = path;
        this.text = text;
        this.outsideCodeBlocks = blank(FENCED, text);
        this.prose = blank(CODE_SPAN, outsideCodeBlocks);
    }

    static MarkdownFile read(Path path) {
        try {
            return new MarkdownFile(path, Files.readString(path));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** README.md and every Markdown file under docs/ of the repository at {@code root}. */
    static List<Path> documentation(Path root) {
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            return Stream.concat(
                            Stream.of(root.resolve("README.md")),
                            docs.filter(file -> file.toString().endsWith(".md")).sorted())
                    .toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    Path path() {
        return path;
    }

    String text() {
        return text;
    }

    List<Link> links() {
        List<Link> links = new ArrayList<>();
        String rest = collect(INLINE, prose, links);
        rest = collect(DEFINITION, rest, links);
        rest = collect(AUTOLINK, rest, links);
        Matcher bare = BARE.matcher(rest);
        while (bare.find()) {
            links.add(new Link(lineOf(rest, bare.start()), bare.group()));
        }
        return links;
    }

    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(outsideCodeBlocks);
        while (heading.find()) {
            String slug = slug(heading.group(1));
            int repeats = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
        }
        return anchors;
    }

    /** GitHub's anchor of a heading's text: the rendered text (links and emphasis gone), slugged. */
    static String slug(String heading) {
        String rendered =
                heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("[`*]", "");
        return NOT_IN_SLUG.matcher(rendered.toLowerCase()).replaceAll("").replace(' ', '-');
    }

    /** Adds every match's first group as a link and returns the text with the matches blanked. */
    private static String collect(Pattern pattern, String text, List<Link> links) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            links.add(new Link(lineOf(text, matcher.start()), matcher.group(1)));
        }
        return blank(pattern, text);
    }

    /** The text with every match replaced by spaces, line breaks kept, so that lines keep their numbers. */
    private static String blank(Pattern pattern, String text) {
        return pattern.matcher(text).replaceAll(match -> match.group().replaceAll("[^\\n]", " "));
    }

    static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
