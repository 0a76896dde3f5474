package io.tokenpolicy.worker.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.tokenpolicy.worker.config.InputProperties;
import io.tokenpolicy.worker.text.Printable;
import java.io.IOException;

/**
 * Parsing of untrusted JSON from the events topic: strict UTF-8, bounded size, depth, names and
 * numbers, duplicate keys and trailing content refused, and every error located by its JSON
 * pointer so that the reason names the field.
 */
final class UntrustedJson {

    private static final int MAX_NAME_LENGTH = 256;
    private static final int MAX_NUMBER_LENGTH = 100;

    private final ObjectMapper mapper;

    UntrustedJson(InputProperties limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxDocumentLength(limits.maxRecordBytes())
                        .maxStringLength(limits.maxRecordBytes())
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper = JsonMapper.builder(factory)
                .addModule(JsonFormat.getCloudEventJacksonModule())
                .build();
    }

    JsonNode parse(byte[] bytes, String what) {
        String text = CleanText.utf8(bytes, what);
        try (JsonParser parser = mapper.createParser(text)) {
            return parse(parser, what);
        } catch (IOException unreadable) {
            throw new BadEventException(what + " cannot be read: " + Problem.describe(unreadable));
        }
    }

    /** The CloudEvents SDK's reading of a structured event, from the tree already parsed. */
    CloudEvent cloudEvent(ObjectNode event) {
        return PlainCloudEvent.read(event).orElseGet(() -> sdkRead(event));
    }

    private CloudEvent sdkRead(ObjectNode event) {
        try {
            return mapper.treeToValue(event, CloudEvent.class);
        } catch (JacksonException | IllegalArgumentException | IllegalStateException notCloudEvent) {
            throw new BadEventException("value is not a CloudEvent: " + Problem.describe(notCloudEvent));
        }
    }

    private JsonNode parse(JsonParser parser, String what) {
        try {
            JsonNode node = mapper.readTree(parser);
            if (node == null || node instanceof MissingNode) {
                throw new BadEventException(what + " is empty: expected JSON");
            }
            if (parser.nextToken() != null) {
                throw new BadEventException(what + " has content after its JSON" + at(parser));
            }
            return node;
        } catch (JacksonException notJson) {
            throw new BadEventException(what + " is not JSON" + at(parser) + ": " + Problem.describe(notJson));
        } catch (IOException unreadable) {
            throw new BadEventException(what + " cannot be read: " + Problem.describe(unreadable));
        }
    }

    private static String at(JsonParser parser) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        return pointer.isEmpty() ? "" : " at " + Printable.of(pointer);
    }
}
