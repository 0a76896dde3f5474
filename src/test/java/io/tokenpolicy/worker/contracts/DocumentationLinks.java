package io.tokenpolicy.worker.contracts;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the links of the documentation lead. A link must stay inside the repository: a relative path to a
 * file or folder of it, and an anchor, if any, that a heading of the target Markdown file has. Absolute
 * addresses ({@code https://...}, {@code www.}, {@code mailto:}, {@code /...}) are refused without an
 * allow-list: the repository is the documentation, and what a reader needs from elsewhere (the gateway's
 * token API, the CloudEvents binding) the documentation states itself, so that it cannot go stale or away
 * behind a link.
 */
final class DocumentationLinks {

    private static final Pattern ABSOLUTE = Pattern.compile("(?i)^(?:[a-z][a-z0-9+.-]*:|www\\.|//)");

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    DocumentationLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every link of the files that does not lead to a file (and heading) of the repository, with why. */
    List<String> problems(List<Path> files) {
        return files.stream()
                .map(file -> MarkdownFile.read(file.toAbsolutePath().normalize()))
                .flatMap(markdown -> markdown.links().stream()
                        .flatMap(link -> problem(markdown.path(), link.target())
                                .map(why -> root.relativize(markdown.path()) + ":" + link.line() + ": (" + link.target()
                                        + ") " + why)
                                .stream()))
                .toList();
    }

    private Optional<String> problem(Path file, String target) {
        if (ABSOLUTE.matcher(target).find() || target.startsWith("/")) {
            return Optional.of("leaves the repository: an absolute address; link a file of the repository");
        }
        int hash = target.indexOf('#');
        String path = decoded(hash < 0 ? target : target.substring(0, hash));
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            return Optional.of("leaves the repository");
        }
        if (!Files.exists(resolved)) {
            return Optional.of("names no file of the repository");
        }
        String anchor = hash < 0 ? null : decoded(target.substring(hash + 1));
        if (anchor != null && !anchorsOf(resolved).contains(anchor)) {
            return Optional.of("no heading of " + root.relativize(resolved) + " has the anchor #" + anchor);
        }
        return Optional.empty();
    }

    private Set<String> anchorsOf(Path target) {
        if (!Files.isRegularFile(target) || !target.toString().endsWith(".md")) {
            return Set.of();
        }
        return anchors.computeIfAbsent(
                target, markdown -> MarkdownFile.read(markdown).anchors());
    }

    private static String decoded(String linked) {
        return URLDecoder.decode(linked.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
