package io.tokenpolicy.worker.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.apply.FieldChange;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.apply.Result;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.fixtures.ContractSchemas;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An outcome whose write the gateway answered otherwise than intended says so in {@code gateway_differs}, each field
 * with the value intended and the value written, and stays true to docs/schemas/outcome.schema.json; one without a
 * difference has no such field.
 */
class GatewayDiffersInOutcomesTest {

    private static final Instant AT = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void aDifferenceIsPublishedWithTheValueIntendedAndTheValueWritten() throws Exception {
        JsonNode published = publish(List.of(new FieldChange("status", 2, 1)));

        ContractSchemas.requireValidOutcome(published);
        assertThat(published.path("gateway_differs").toString())
                .isEqualTo("[{\"field\":\"status\",\"intended\":2,\"written\":1}]");
    }

    @Test
    void anOutcomeWithoutADifferenceHasNoGatewayDiffers() throws Exception {
        JsonNode published = publish(List.of());

        ContractSchemas.requireValidOutcome(published);
        assertThat(published.has("gateway_differs")).isFalse();
    }

    private static JsonNode publish(List<FieldChange> differs) throws Exception {
        Outcome outcome = new Outcome(
                "e-1",
                "billing.topup",
                42L,
                7L,
                Result.APPLIED,
                "quota raised",
                List.of(new FieldChange("remain_quota", 100L, 600L)),
                2,
                2,
                1,
                AT,
                AT,
                differs);
        return Json.MAPPER.readTree(OutcomeJson.of(
                outcome,
                new OutcomeInput("/billing", new ConsumerRecord<>("token-events", 0, 0L, new byte[0], new byte[0]))));
    }
}
