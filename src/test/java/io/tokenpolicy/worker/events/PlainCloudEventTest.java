package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainCloudEventTest {

    private static final ObjectMapper SDK = new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'specversion':'1.0','id':'e-1','source':'/billing','type':'billing.topup','data':{'token_id':1,'amount':5}}",
                "{'specversion':'1.0','id':'e-2','source':'urn:x','type':'t','time':'2026-11-27T09:15:02Z','data':{}}",
                "{'specversion':'1.0','id':'e-3','source':'/s','type':'t','time':'2026-11-27T09:15:02.123456789+05:30',"
                        + "'subject':'token 7','dataschema':'https://example.com/s.json','datacontenttype':'application/json',"
                        + "'data':{'a':[1,2]}}",
                "{'specversion':'1.0','id':'','source':'','type':'','time':'0000-01-01T00:00:00.5-00:00'}",
                "{'specversion':'1.0','id':'e-5','source':'/s','type':'t','datacontenttype':'application/json; charset=utf-8',"
                        + "'data':'a string'}",
                "{'specversion':'1.0','id':'e-6','source':'/s','type':'t','data':null}",
            })
    void buildsTheEventTheSdkBuilds(String json) throws Exception {
        ObjectNode tree = tree(json);

        assertThat(PlainCloudEvent.read(tree)).contains(SDK.treeToValue(tree, CloudEvent.class));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'specversion':'0.3','id':'e','source':'/s','type':'t'}",
                "{'specversion':'1.0','id':'e','source':'/s','type':'t','traceparent':'00-1'}",
                "{'specversion':'1.0','id':'e','source':'/s','type':'t','data_base64':'AA=='}",
                "{'specversion':'1.0','id':7,'source':'/s','type':'t'}",
                "{'specversion':'1.0','source':'/s','type':'t'}",
                "{'specversion':'1.0','id':'e','source':'not a uri','type':'t'}",
                "{'specversion':'1.0','id':'e','source':'/s','type':'t','time':'yesterday'}",
                "{'specversion':'1.0','id':'e','source':'/s','type':'t','time':'2026-11-27t09:15:02z'}",
                "{'specversion':'1.0','id':'e','source':'/s','type':'t','datacontenttype':'text/plain','data':'x'}",
                "{'specversion':'1.0','id':'e','source':'/s','type':'t','datacontenttype':'application/json-patch+json',"
                        + "'data':{}}",
                "{'specversion':'1.0','id':'e','source':'/s','type':'t','datacontenttype':'application/json ','data':'{}'}",
            })
    void leavesEveryOtherShapeToTheSdk(String json) {
        assertThat(PlainCloudEvent.read(tree(json))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-27T09:15:02Z", "2026-11-27T09:15:02.1Z", "2026-11-27T09:15:02.000000001+00:00",
                "2024-02-29T23:59:59-18:00", "1970-01-01T00:00:00+18:00", "9999-12-31T23:59:59.999999999Z",
            })
    void readsTheUsualTimesAsOffsetDateTimeParseDoes(String time) {
        assertThat(PlainCloudEvent.rfc3339(time)).isEqualTo(OffsetDateTime.parse(time));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-11-27T24:00:00Z",
                "2026-11-27T09:60:00Z",
                "2026-11-27T09:15:60Z",
                "2026-11-27T09:15:02+19:00",
                "2026-11-27T09:15:02.Z",
                "2026-11-27T09:15:02",
                "2026-11-27T09:15:02.1234567890Z",
                "2026-11-27 09:15:02Z",
                "+2026-11-27T09:15:02Z",
                "2026-11-27T09:15:02+0100",
                "2026-11-27T09:15:02+01:00:30",
                "2026-11-27T09:15Z",
                "2026-11-27T09:15:02z",
                "2026-11-27T09:15:02\u0661Z",
            })
    void refusesEverythingElseSoThatTheSdkDecides(String time) {
        assertThatThrownBy(() -> PlainCloudEvent.rfc3339(time)).isInstanceOf(DateTimeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T09:15:02+19:00"})
    void whatItRefusesAsInvalidTheJdkRefusesToo(String time) {
        assertThatThrownBy(() -> OffsetDateTime.parse(time)).isInstanceOf(DateTimeParseException.class);
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) SDK.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
