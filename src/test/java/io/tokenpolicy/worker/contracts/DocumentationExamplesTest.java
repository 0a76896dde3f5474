package io.tokenpolicy.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.contracts.MarkdownExamples.Example;
import io.tokenpolicy.worker.fixtures.ContractSchemas;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of the README and of docs/ are what the schemas under docs/schemas say, so that copying one
 * never misleads.
 */
class DocumentationExamplesTest {

    private final List<Example> examples = MarkdownFile.documentation(Path.of("")).stream()
            .flatMap(markdown -> MarkdownExamples.of(markdown).stream())
            .toList();

    @Test
    void everyEventExampleMatchesTheSchemaOfItsType() {
        List<Example> events = examples.stream().filter(Example::isEvent).toList();

        assertThat(events)
                .extracting(example -> example.json().path("type").asText())
                .as("event examples in README.md and docs/: one per catalogue type at least")
                .containsAll(RuleSet.catalogue().schemas().keySet());
        events.forEach(example -> ContractSchemas.requireValid(
                ContractSchemas.event(example.json().path("type").asText()), example.json(), example.toString()));
    }

    @Test
    void everyOutcomeExampleMatchesTheOutcomeSchema() {
        List<Example> outcomes = examples.stream().filter(Example::isOutcome).toList();

        assertThat(outcomes).as("outcome examples in README.md and docs/").isNotEmpty();
        outcomes.forEach(
                example -> ContractSchemas.requireValid(ContractSchemas.outcome(), example.json(), example.toString()));
    }

    @Test
    void everyDriftFindingExampleMatchesItsSchema() {
        List<Example> findings =
                examples.stream().filter(Example::isDriftFinding).toList();

        assertThat(findings).as("drift finding examples in docs/").isNotEmpty();
        findings.forEach(example ->
                ContractSchemas.requireValid(ContractSchemas.driftFinding(), example.json(), example.toString()));
    }

    @Test
    void examplesAreTakenFromJsonBlocksAndFromEchoedKcatInput() {
        assertThat(examples)
                .extracting(Example::source)
                .as("where examples in README.md and docs/ were found")
                .contains(MarkdownExamples.Source.JSON_BLOCK, MarkdownExamples.Source.ECHO);
    }

    @Test
    void theReadmeShowsAnEventAndItsOutcome() {
        List<Example> readme = MarkdownExamples.of(Path.of("README.md"));

        assertThat(readme)
                .as("examples in README.md")
                .anyMatch(Example::isEvent)
                .anyMatch(Example::isOutcome);
    }
}
