package io.tokenpolicy.worker.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.contracts.ReadmeExamples.Example;
import io.tokenpolicy.worker.fixtures.ContractSchemas;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's examples are what the schemas under docs/schemas say, so that copying one never misleads. */
class ReadmeExamplesTest {

    private final List<Example> examples = ReadmeExamples.of(Path.of("README.md"));

    @Test
    void everyEventExampleMatchesTheSchemaOfItsType() {
        List<Example> events = examples.stream().filter(Example::isEvent).toList();

        assertThat(events).extracting(example -> example.json().path("type").asText())
                .as("event examples in README.md: one per catalogue type at least")
                .containsAll(RuleSet.catalogue().schemas().keySet());
        events.forEach(example -> ContractSchemas.requireValid(
                ContractSchemas.event(example.json().path("type").asText()), example.json(), "README " + example));
    }

    @Test
    void everyOutcomeExampleMatchesTheOutcomeSchema() {
        List<Example> outcomes = examples.stream().filter(Example::isOutcome).toList();

        assertThat(outcomes).as("outcome examples in README.md").isNotEmpty();
        outcomes.forEach(example -> ContractSchemas.requireValid(
                ContractSchemas.outcome(), example.json(), "README " + example));
    }

    @Test
    void examplesAreTakenFromJsonBlocksAndFromEchoedKcatInput() {
        assertThat(examples).extracting(Example::source).as("where README.md examples were found")
                .contains(ReadmeExamples.Source.JSON_BLOCK, ReadmeExamples.Source.ECHO);
    }
}
