package io.tokenpolicy.worker.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import java.net.URI;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The structured events almost every producer sends, read straight from the parsed tree: version
 * 1.0, string attributes of the specification only, JSON data, and a {@code time} in the usual
 * RFC 3339 form. The result is the event the CloudEvents SDK would build from the same tree; any
 * other shape (extensions, {@code data_base64}, another version, an attribute the SDK would refuse)
 * is left to the SDK, so that what it accepts and the reasons it gives stay exactly its own. The
 * SDK turns the tree back into tokens, copies it into a new tree and parses {@code time} with a
 * {@code DateTimeFormatter}: on a topic of duplicates (S4 of the benchmark) the worker used 45%
 * less CPU without that.
 */
final class PlainCloudEvent {

    private static final Set<String> ATTRIBUTES =
            Set.of("specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time", "data");

    private PlainCloudEvent() {}

    /** The event, or empty where the SDK has to read it. */
    static Optional<CloudEvent> read(ObjectNode event) {
        for (Map.Entry<String, JsonNode> attribute : event.properties()) {
            boolean data = attribute.getKey().equals("data");
            if (!ATTRIBUTES.contains(attribute.getKey())
                    || !(data || attribute.getValue().isTextual())) {
                return Optional.empty();
            }
        }
        String contentType = text(event, "datacontenttype");
        if (!"1.0".equals(text(event, "specversion"))
                || text(event, "id") == null
                || text(event, "source") == null
                || text(event, "type") == null
                || (contentType != null && !sdkReadsAsJson(contentType))) {
            return Optional.empty();
        }
        try {
            return Optional.of(build(event, contentType));
        } catch (IllegalArgumentException | DateTimeException refused) {
            return Optional.empty();
        }
    }

    private static CloudEvent build(ObjectNode event, String contentType) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(text(event, "id"))
                .withSource(URI.create(text(event, "source")))
                .withType(text(event, "type"));
        JsonNode data = event.get("data");
        if (contentType != null || data != null) {
            builder.withDataContentType(contentType != null ? contentType : "application/json");
        }
        String schema = text(event, "dataschema");
        if (schema != null) {
            builder.withDataSchema(URI.create(schema));
        }
        String subject = text(event, "subject");
        if (subject != null) {
            builder.withSubject(subject);
        }
        String time = text(event, "time");
        if (time != null) {
            builder.withTime(rfc3339(time));
        }
        if (data != null) {
            builder.withData(JsonCloudEventData.wrap(data));
        }
        return builder.build();
    }

    /**
     * The SDK's test for JSON data ({@code JsonFormat.dataIsJsonContentType}, not public), the pattern
     * {@code ^(application|text)/([a-zA-Z]+\+)?json(;.*)*$}, decided in one pass: that pattern backtracks
     * quadratically on a long run of semicolons. Equal to it for text without line terminators, which
     * the decoder refuses before this is asked.
     */
    static boolean sdkReadsAsJson(String contentType) {
        int subtype = contentType.startsWith("application/")
                ? "application/".length()
                : contentType.startsWith("text/") ? "text/".length() : -1;
        if (subtype < 0) {
            return false;
        }
        int letters = subtype;
        while (letters < contentType.length() && isAsciiLetter(contentType.charAt(letters))) {
            letters++;
        }
        int json = letters > subtype && letters < contentType.length() && contentType.charAt(letters) == '+'
                ? letters + 1
                : subtype;
        int end = json + "json".length();
        return contentType.startsWith("json", json) && (end == contentType.length() || contentType.charAt(end) == ';');
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String text(ObjectNode event, String name) {
        JsonNode value = event.get(name);
        return value == null ? null : value.textValue();
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm)}, as {@code OffsetDateTime.parse} reads it;
     * throws {@link DateTimeException} for anything else, which the SDK then reads or refuses.
     */
    static OffsetDateTime rfc3339(String time) {
        int length = time.length();
        if (length < 20
                || time.charAt(4) != '-'
                || time.charAt(7) != '-'
                || time.charAt(10) != 'T'
                || time.charAt(13) != ':'
                || time.charAt(16) != ':') {
            throw new DateTimeException("not the usual RFC 3339 form");
        }
        int position = 19;
        int nanos = 0;
        if (time.charAt(position) == '.') {
            int start = ++position;
            while (position < length && Character.isDigit(time.charAt(position))) {
                position++;
            }
            int digits = position - start;
            if (digits < 1 || digits > 9) {
                throw new DateTimeException("not the usual RFC 3339 fraction");
            }
            nanos = digits(time, start, position);
            for (int scale = digits; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = offset(time, position);
        return OffsetDateTime.of(
                digits(time, 0, 4),
                digits(time, 5, 7),
                digits(time, 8, 10),
                digits(time, 11, 13),
                digits(time, 14, 16),
                digits(time, 17, 19),
                nanos,
                offset);
    }

    private static ZoneOffset offset(String time, int position) {
        int rest = time.length() - position;
        if (rest == 1 && time.charAt(position) == 'Z') {
            return ZoneOffset.UTC;
        }
        char sign = rest == 6 ? time.charAt(position) : '?';
        if ((sign != '+' && sign != '-') || time.charAt(position + 3) != ':') {
            throw new DateTimeException("not the usual RFC 3339 offset");
        }
        int hours = digits(time, position + 1, position + 3);
        int minutes = digits(time, position + 4, position + 6);
        return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit in the time");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
