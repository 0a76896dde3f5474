package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypeTest {

    /** The CloudEvents SDK's own pattern, run here on short text only. */
    private static final Pattern SDK_JSON = Pattern.compile("^(application|text)/([a-zA-Z]+\\+)?json(;.*)*$");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "application/json|application/json|true",
                "Application/JSON; charset=utf-8|application/json|true",
                "application/cloudevents+json ;charset=\"utf-8\"|application/cloudevents+json|true",
                "application/json;;; a=b ;c=\"q \\\" d\";|application/json|true",
                "application/vnd.api+json|application/vnd.api+json|true",
                "text/json|text/json|false",
                "text/plain|text/plain|false",
            })
    void readsTheEssenceOfAnRfc9110MediaType(String text, String essence, boolean json) {
        MediaType type = MediaType.parse(text, "datacontenttype");

        assertThat(type.essence()).isEqualTo(essence);
        assertThat(type.json()).isEqualTo(json);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "application|expected '/' at character 12",
                "/json|expected a type at character 1",
                "application/|expected a subtype at character 13",
                "application/json charset=utf-8|expected ';' at character 18",
                "application/json;charset|expected '=' at character 25",
                "application/json;charset=|expected a parameter value at character 26",
                "application/json;a=\"open|quoted string not closed at character 25",
                "application/json;a=\"é\"|expected a character of a quoted string at character 21",
                "application/jsön|expected ';' at character 15",
            })
    void refusesWhatIsNotAMediaTypeSayingWhere(String text, String problem) {
        assertThatThrownBy(() -> MediaType.parse(text, "datacontenttype"))
                .isInstanceOf(BadEventException.class)
                .hasMessageStartingWith("datacontenttype '")
                .hasMessageContaining("is not a media type")
                .hasMessageEndingWith(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json\n;", "application/json;\u2028", "application/json\u0000"})
    void refusesControlCharactersBeforeReadingAnything(String text) {
        assertThatThrownBy(() -> MediaType.parse(text, "datacontenttype"))
                .isInstanceOf(BadEventException.class)
                .hasMessageContaining("contains the control character");
    }

    @ParameterizedTest
    @ValueSource(ints = {1_025, 60_000})
    void refusesContentTypesLongerThanAnyAttribute(int length) {
        String text = "application/json" + ";".repeat(length - 16);

        assertThatThrownBy(() -> MediaType.parse(text, "datacontenttype"))
                .isInstanceOf(BadEventException.class)
                .hasMessageContaining("longer than 1024 characters");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "text/json",
                "application/cloudevents+json",
                "application/json;",
                "application/json;x=1",
                "application/json ;x",
                "application/json ",
                "application/JSON",
                "Application/json",
                "application/json+json",
                "application/jsonx+json",
                "application/json+",
                "application/json+;",
                "application/json-patch+json",
                "application/+json",
                "application/a1+json",
                "text/plain",
                "image/json",
                "application/jsonp",
                "application/",
                "application/json;;;;",
                "xapplication/json",
                "text/x+json;a",
                "application/js",
            })
    void decidesJsonDataAsTheSdkDoesWithoutItsPattern(String contentType) {
        assertThat(PlainCloudEvent.sdkReadsAsJson(contentType))
                .isEqualTo(SDK_JSON.matcher(contentType).matches());
    }
}
