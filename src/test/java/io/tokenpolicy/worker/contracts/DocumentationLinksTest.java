package io.tokenpolicy.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README is read by a newcomer in five minutes, and every link of the README and of docs/ leads to a
 * file and heading of this repository (see {@link DocumentationLinks} for why no address leaves it).
 */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of("");
    private static final long README_MAX_BYTES = 12 * 1024;

    @Test
    void theReadmeIsAtMostTwelveKilobytes() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md")))
                .as("bytes of README.md")
                .isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @Test
    void everyLinkOfTheReadmeAndTheDocsLeadsToAFileAndHeadingOfTheRepository() {
        List<Path> files = MarkdownFile.documentation(ROOT);

        assertThat(files).as("documentation files").contains(ROOT.resolve("README.md"));
        assertThat(new DocumentationLinks(ROOT).problems(files))
                .as("links that do not resolve in the repository")
                .isEmpty();
    }

    @Test
    void linksLeavingTheRepositoryOrMissingTheirFileOrHeadingAreFound(@TempDir Path repository) throws IOException {
        Files.createDirectories(repository.resolve("docs"));
        Files.writeString(repository.resolve("docs/guide.md"), """
                # The guide
                ## Security holds: what `security.incident_resolved` re-enables
                ## What took S1 from 48% to 74–80% of the ceiling today
                ## The guide
                ```sh
                # a comment in a code block, no heading; echo '[x](../../outside.md)' is no link
                ```
                """);
        Path readme = repository.resolve("README.md");
        Files.writeString(readme, """
                See [the guide](docs/guide.md#the-guide-1), [holds](docs/guide.md#security-holds-what-securityincident_resolved-re-enables),
                [S1](docs/guide.md#what-took-s1-from-48-to-7480-of-the-ceiling-today) and `[code](../shared/x.md)`.
                Broken: [shared](../shared/docs/brief.md), [web](https://github.com/QuantumNous/new-api),
                [missing](docs/missing.md), [heading](docs/guide.md#no-such-heading), [self](#nothing), <https://example.com>,
                http://localhost:3000 and [root](/docs/guide.md).

                [ref]: ../outside.md
                """);

        assertThat(new DocumentationLinks(repository).problems(List.of(readme)))
                .hasSize(9)
                .anySatisfy(problem -> assertThat(problem).startsWith("README.md:3: (../shared/docs/brief.md) leaves"))
                .anySatisfy(problem -> assertThat(problem).contains("(https://github.com/QuantumNous/new-api) leaves"))
                .anySatisfy(problem -> assertThat(problem).contains("(docs/missing.md) names no file"))
                .anySatisfy(
                        problem -> assertThat(problem).contains("no heading of docs/guide.md has the anchor #no-such"))
                .anySatisfy(problem -> assertThat(problem).contains("(#nothing) no heading of README.md"))
                .anySatisfy(problem -> assertThat(problem).contains("(https://example.com) leaves"))
                .anySatisfy(problem -> assertThat(problem).contains("(http://localhost:3000) leaves"))
                .anySatisfy(problem -> assertThat(problem).contains("(/docs/guide.md) leaves"))
                .anySatisfy(problem -> assertThat(problem).startsWith("README.md:7: (../outside.md) leaves"));
    }
}
