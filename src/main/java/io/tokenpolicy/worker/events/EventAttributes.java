package io.tokenpolicy.worker.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.text.Printable;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.TreeSet;

/**
 * The context attributes of a decoded CloudEvent, checked before anything in it is trusted:
 * version 1.0, an id of 1 to 256 characters, a known type, JSON data, every attribute free
 * of control characters and bounded, and no extension attribute named like a token or data
 * field, which its producer could believe takes effect when it never does.
 */
final class EventAttributes {

    static final int MAX_LENGTH = 1024;
    private static final Set<String> TOKEN_FIELDS = Set.of("key", "status", "name", "group", "models", "quota");

    private EventAttributes() {}

    static void require(CloudEvent event, Set<String> knownTypes, Set<String> dataFields) {
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw new BadEventException("specversion must be 1.0");
        }
        requireId(event.getId());
        requireClean("type", event.getType(), MAX_LENGTH);
        if (!knownTypes.contains(event.getType())) {
            throw new BadEventException("unknown event type '" + Printable.of(event.getType()) + "'; known types: "
                    + String.join(", ", new TreeSet<>(knownTypes)));
        }
        for (String name : event.getAttributeNames()) {
            Object value = event.getAttribute(name);
            if (!(value instanceof OffsetDateTime)) {
                requireClean(name, String.valueOf(value), MAX_LENGTH);
            }
        }
        requireJsonData(event.getDataContentType());
        for (String name : event.getExtensionNames()) {
            if (TOKEN_FIELDS.contains(name) || dataFields.contains(name)) {
                throw new BadEventException(
                        "attribute " + name + " is not applied: fields of " + event.getType() + " belong in data");
            }
            requireClean(name, String.valueOf(event.getExtension(name)), MAX_LENGTH);
        }
    }

    /** The value if it would pass as an id or type, so that an outcome may carry it; otherwise null. */
    static String safeOrNull(String value) {
        boolean safe = value != null
                && !value.isBlank()
                && value.length() <= EventEnvelope.MAX_ID_LENGTH
                && CleanText.problem(value).isEmpty();
        return safe ? value : null;
    }

    private static void requireId(String id) {
        if (id.isBlank() || id.length() > EventEnvelope.MAX_ID_LENGTH) {
            throw new BadEventException("id must be 1 to " + EventEnvelope.MAX_ID_LENGTH + " characters, not blank");
        }
        requireClean("id", id, EventEnvelope.MAX_ID_LENGTH);
    }

    static void requireClean(String name, String value, int maxLength) {
        CleanText.problem(value).ifPresent(problem -> {
            throw new BadEventException(name + " " + problem);
        });
        if (value.length() > maxLength) {
            throw new BadEventException(name + " is longer than " + maxLength + " characters");
        }
    }

    private static void requireJsonData(String contentType) {
        if (contentType == null) {
            return;
        }
        MediaType type = MediaType.parse(contentType, "datacontenttype");
        if (!type.json()) {
            throw new BadEventException(
                    "datacontenttype '" + Printable.of(type.essence()) + "' is not JSON: data must be a JSON object");
        }
    }
}
