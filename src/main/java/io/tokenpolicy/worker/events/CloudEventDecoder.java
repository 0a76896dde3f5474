package io.tokenpolicy.worker.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.tokenpolicy.worker.text.Printable;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Decodes a Kafka record into a CloudEvent: binary mode when the record carries a
 * {@code ce_specversion} header, structured JSON otherwise (with or without a
 * {@code content-type} header, so that plain command-line producers work). A record that
 * could be read both ways, or whose headers are repeated or not UTF-8, is refused, and so is a
 * content type that is not a media type, before the SDK (which tests it with a backtracking
 * pattern) sees it.
 */
final class CloudEventDecoder {

    private static final String SPEC_VERSION_HEADER = "ce_specversion";
    private static final String CONTENT_TYPE = "content-type";
    private static final String DATA_CONTENT_TYPE = "datacontenttype";
    private static final String DATA_CONTENT_TYPE_HEADER = "ce_" + DATA_CONTENT_TYPE;
    private static final Set<String> STRUCTURED_TYPES = Set.of("application/cloudevents+json", "application/json");

    private final UntrustedJson json;

    CloudEventDecoder(UntrustedJson json) {
        this.json = json;
    }

    CloudEvent decode(Headers headers, byte[] value) {
        if (headers.lastHeader(SPEC_VERSION_HEADER) != null) {
            return binary(headers, value);
        }
        requireStructuredContentType(headers);
        if (value == null || value.length == 0) {
            throw new BadEventException("record has no value: expected a CloudEvent");
        }
        if (!(json.parse(value, "value") instanceof ObjectNode event)) {
            throw new BadEventException("value is not a JSON object: expected a CloudEvent");
        }
        requireScalarAttributes(event);
        JsonNode contentType = event.get(DATA_CONTENT_TYPE);
        if (contentType != null && contentType.isTextual()) {
            MediaType.parse(contentType.textValue(), DATA_CONTENT_TYPE);
        }
        return json.cloudEvent(event);
    }

    private static CloudEvent binary(Headers headers, byte[] value) {
        requireBinaryHeaders(headers);
        try {
            return KafkaMessageFactory.createReader(headers, value == null ? new byte[0] : value)
                    .toEvent();
        } catch (CloudEventRWException | IllegalStateException | IllegalArgumentException notCloudEvent) {
            throw new BadEventException("headers are not a binary-mode CloudEvent: " + Problem.describe(notCloudEvent));
        }
    }

    private static void requireBinaryHeaders(Headers headers) {
        Set<String> seen = new HashSet<>();
        for (Header header : headers) {
            String name = header.key().toLowerCase(Locale.ROOT);
            if (!name.startsWith("ce_") && !name.equals(CONTENT_TYPE)) {
                continue;
            }
            String quoted = "header " + Printable.of(header.key());
            if (!seen.add(name)) {
                throw new BadEventException(quoted + " appears more than once");
            }
            if (header.value() == null) {
                throw new BadEventException(quoted + " has no value");
            }
            String text = CleanText.utf8(header.value(), quoted);
            if (name.equals(CONTENT_TYPE) || name.equals(DATA_CONTENT_TYPE_HEADER)) {
                requireBinaryContentType(name, MediaType.parse(text, quoted));
            }
        }
    }

    private static void requireBinaryContentType(String header, MediaType type) {
        if (header.equals(CONTENT_TYPE) && type.essence().startsWith("application/cloudevents")) {
            throw new BadEventException("header content-type '" + Printable.of(type.essence())
                    + "' says structured mode, but the record has the ce_ headers of binary mode");
        }
    }

    private static void requireStructuredContentType(Headers headers) {
        Header header = headers.lastHeader(CONTENT_TYPE);
        if (header == null || header.value() == null) {
            return;
        }
        String type = MediaType.parse(CleanText.utf8(header.value(), "header content-type"), "header content-type")
                .essence();
        if (!STRUCTURED_TYPES.contains(type)) {
            throw new BadEventException("header content-type '" + Printable.of(type)
                    + "' is not application/cloudevents+json, and there is no ce_specversion header for binary mode");
        }
    }

    /** Attributes are strings, numbers or booleans; anything else would be read as its JSON text. */
    private static void requireScalarAttributes(ObjectNode event) {
        for (Map.Entry<String, JsonNode> attribute : event.properties()) {
            JsonNode value = attribute.getValue();
            boolean data = attribute.getKey().equals("data");
            if (!data && !(value.isTextual() || value.isNumber() || value.isBoolean())) {
                throw new BadEventException(
                        "attribute " + Printable.of(attribute.getKey()) + " must be a string, number or boolean");
            }
        }
    }
}
