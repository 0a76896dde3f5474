package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import io.tokenpolicy.worker.policy.rules.RuleSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The data of the catalogue's other types and of operators' own types, read strictly against their schema. */
class SchemaDataReaderTest {

    private static final String SECRET = "sk-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
    private static final Map<String, EventSchema> SCHEMAS = RuleSet.compile(
                    List.of(
                            new RuleSpec(
                                    "credit",
                                    "shop.credit",
                                    Map.of("credits", "integer", "networks", "ip-list?"),
                                    List.of(),
                                    List.of(Map.of("action", "raise-quota", "amount", "data.credits"))),
                            new RuleSpec(
                                    "fraud",
                                    "shop.fraud",
                                    Map.of("reason", "text", "networks", "ip-list"),
                                    List.of(),
                                    List.of(Map.of("action", "narrow-allow-ips", "allow_ips", "data.networks")))),
                    true)
            .schemas();
    private static final SchemaDataReader READER = new SchemaDataReader(SCHEMAS);

    @Test
    void refundIsReadWithItsAmount() {
        TokenEvent event = read(Catalogue.REFUND, "{\"token_id\":42,\"amount\":300}");

        assertThat(event.data().get("amount")).contains(300L);
    }

    @Test
    void operatorsTypeIsReadWithItsOptionalFieldsCheckedToo() {
        TokenEvent event = read("shop.credit", "{\"token_id\":42,\"credits\":5,\"networks\":[\"10.0.0.0/8\"]}");

        assertThat(event.data().get("networks")).contains(AllowIps.of(List.of("10.0.0.0/8")));
        assertThat(read("shop.credit", "{\"token_id\":42,\"credits\":5}").data().has("networks"))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            billing.refund             | {"token_id":42,"amount":0}                      | data.amount must be between 1 and 500000000000000
            billing.refund             | {"token_id":42,"amount":"5"}                    | data.amount must be an integer
            billing.quota_reset        | {"token_id":42,"remain_quota":500000000000001}  | data.remain_quota must be between 0 and 500000000000000
            billing.plan_changed       | {"token_id":42}                                 | at least one of
            billing.plan_changed       | {"token_id":42,"unlimited_quota":"yes"}         | data.unlimited_quota must be true or false
            billing.plan_changed       | {"token_id":42,"models":[]}                     | data.models must be a non-empty array
            billing.subscription_ended | {"token_id":42,"amount":5}                      | data.amount is not a field of billing.subscription_ended
            token.expiry_set           | {"token_id":42,"expired_time":-2}               | data.expired_time must be between -1
            token.expiry_set           | {"token_id":42}                                 | data.expired_time is required
            shop.credit                | {"token_id":42,"credits":5,"networks":["x"]}    | data.networks: 'x' is not an IP address
            """)
    void invalidDataIsRefusedNamingTheField(String type, String json, String problem) {
        assertThatThrownBy(() -> read(type, json))
                .isInstanceOf(BadEventException.class)
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "::/0"})
    void operatorsIpListRefusesAnEntryThatAdmitsAWholeAddressFamilyAsTheCataloguesDo(String everything) {
        String networks = "[\"10.0.0.1\",\"" + everything + "\"]";
        String refusal = "'" + everything + "' admits every address; an allow list must narrow access";

        assertThatThrownBy(
                        () -> read("shop.fraud", "{\"token_id\":42,\"reason\":\"scan\",\"networks\":" + networks + "}"))
                .hasMessage("data.networks: " + refusal);
        assertThatThrownBy(() -> read(Catalogue.IP_RESTRICTION, "{\"token_id\":42,\"allow_ips\":" + networks + "}"))
                .hasMessage("data.allow_ips: " + refusal);
        assertThatThrownBy(() -> read(
                        Catalogue.INCIDENT,
                        "{\"token_id\":42,\"severity\":\"low\",\"reason\":\"scan\",\"allow_ips\":" + networks + "}"))
                .hasMessage("data.allow_ips: " + refusal);
    }

    @Test
    void operatorsReasonIsMaskedAsAnIncidentsIsWhileOtherTextIsKept() {
        TokenEvent fraud = read(
                "shop.fraud", "{\"token_id\":42,\"reason\":\"" + SECRET + " leaked\",\"networks\":[\"10.0.0.1\"]}");
        TokenEvent incident = read(
                Catalogue.INCIDENT, "{\"token_id\":42,\"severity\":\"high\",\"reason\":\"" + SECRET + " leaked\"}");
        TokenEvent planChanged =
                read(Catalogue.PLAN_CHANGED, "{\"token_id\":42,\"group\":\"" + SECRET.substring(3) + "\"}");

        assertThat(fraud.data().get("reason")).contains("sk-*** leaked");
        assertThat(incident.data().get("reason")).contains("sk-*** leaked");
        assertThat(planChanged.data().get("group")).contains(SECRET.substring(3));
    }

    private static TokenEvent read(String type, String json) {
        ObjectNode data = (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8), "data");
        return READER.read(new EventEnvelope("/billing/test", "e-1", type, null, 42, 7), new DataFields(data, 256));
    }
}
