package io.tokenpolicy.worker.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.apply.FieldChange;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.events.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A token's owner can store values of any length; the outcome that reports them must still be publishable. */
class OutcomeSizeTest {

    private static final int PRODUCER_MAX_REQUEST = 1024 * 1024;

    @Test
    void aHugeStoredAllowListIsCutInTheOutcomeWithAMarkerSayingHowMuchWasLeftOut() throws Exception {
        String stored = hugeAllowList();

        JsonNode change = Json.MAPPER
                .readTree(json(new FieldChange("allow_ips", stored, "10.0.0.1")))
                .path("changes")
                .get(0);

        String before = change.path("before").asText();
        assertThat(before)
                .startsWith(stored.substring(0, 2_000))
                .endsWith("... (" + String.format(Locale.ROOT, "%,d", stored.length() - 2_000) + " more characters)");
        assertThat(change.path("after").asText()).isEqualTo("10.0.0.1");
    }

    @Test
    void anOutcomeWithEveryFieldChangedToItsLongestStaysFarBelowTheProducersLargestRequest() {
        String huge = hugeAllowList();
        List<String> manyModels = Collections.nCopies(200_000, "gpt-4o-mini");
        List<FieldChange> changes = List.of(
                new FieldChange("status", 1, 2),
                new FieldChange("allow_ips", huge, huge),
                new FieldChange("model_limits", manyModels, manyModels),
                new FieldChange("group", huge, huge));

        assertThat(json(changes.toArray(FieldChange[]::new)).length).isLessThan(PRODUCER_MAX_REQUEST / 50);
    }

    @Test
    void aLongModelListKeepsTheWholeNamesThatFitAndEndsWithTheMarker() {
        List<String> manyModels = Collections.nCopies(1_000, "model-0123");

        @SuppressWarnings("unchecked")
        List<String> before = (List<String>) new FieldChange("model_limits", manyModels, List.of()).before();

        assertThat(before).hasSize(201);
        assertThat(before.subList(0, 200)).containsOnly("model-0123");
        assertThat(before.get(200)).isEqualTo("... (8,000 more characters)");
    }

    @Test
    void valuesWithinTheCapAreReportedAsStored() {
        FieldChange change = new FieldChange("allow_ips", "10.0.0.0/8\n192.168.1.10", "10.1.0.0/16");

        assertThat(change.before()).isEqualTo("10.0.0.0/8\n192.168.1.10");
        assertThat(change.after()).isEqualTo("10.1.0.0/16");
    }

    private static String hugeAllowList() {
        return IntStream.range(0, 100_000)
                .mapToObj(i -> "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
                .collect(Collectors.joining("\n"));
    }

    private static byte[] json(FieldChange... changes) {
        Outcome outcome = new Outcome(
                "e1",
                "security.ip_restriction",
                7L,
                1L,
                Result.APPLIED,
                "allow_ips narrowed",
                List.of(changes),
                2,
                2,
                1,
                Instant.now(),
                Instant.now());
        return OutcomeJson.of(
                outcome,
                new OutcomeInput("src", new ConsumerRecord<>("token-events", 0, 0L, new byte[0], new byte[0])));
    }
}
