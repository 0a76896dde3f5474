package io.tokenpolicy.worker.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.jackson.JsonCloudEventData;
import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a record of the events topic as a CloudEvent 1.0 and then as one of the known
 * event types, saying precisely what is wrong with a record that is neither.
 */
final class TokenEventReader {

    private final CloudEventDecoder decoder = new CloudEventDecoder();
    private final EventDataReader dataReader;
    private final Optional<Long> defaultUserId;

    TokenEventReader(Optional<Long> defaultUserId) {
        this(defaultUserId, RuleSet.catalogue().schemas());
    }

    /** A reader of the catalogue's types and the operators' own, as {@code schemas} describes them. */
    TokenEventReader(Optional<Long> defaultUserId, Map<String, EventSchema> schemas) {
        this.defaultUserId = defaultUserId;
        this.dataReader = new EventDataReader(schemas);
    }

    ReadResult read(ConsumerRecord<byte[], byte[]> record) {
        CloudEvent event;
        try {
            event = decoder.decode(record.headers(), record.value());
        } catch (BadEventException unreadable) {
            return new ReadResult.Unreadable(new EventIdentity(null, null, RecordKey.tokenId(record.key()), null),
                    unreadable.getMessage());
        }
        try {
            requireKnown(event);
            DataFields data = fieldsOf(event);
            return new ReadResult.Readable(dataReader.read(envelope(event, data, record.key()), data));
        } catch (BadEventException invalid) {
            return new ReadResult.Invalid(identity(event, record.key()), invalid.getMessage());
        }
    }

    private void requireKnown(CloudEvent event) {
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw new BadEventException("specversion must be 1.0");
        }
        String id = event.getId();
        if (id.isEmpty() || id.length() > EventEnvelope.MAX_ID_LENGTH) {
            throw new BadEventException("id must be 1 to " + EventEnvelope.MAX_ID_LENGTH + " characters");
        }
        if (!dataReader.knownTypes().contains(event.getType())) {
            throw new BadEventException("unknown event type '" + Printable.of(event.getType())
                    + "'; known types: " + String.join(", ", new TreeSet<>(dataReader.knownTypes())));
        }
    }

    private EventEnvelope envelope(CloudEvent event, DataFields data, byte[] key) {
        long tokenId = data.positiveLong("token_id");
        RecordKey.requireMatches(key, tokenId);
        long userId = data.optionalPositiveLong("user_id").or(() -> defaultUserId).orElseThrow(
                () -> new BadEventException("data.user_id is required: no default gateway user is configured"));
        return new EventEnvelope(event.getId(), event.getType(), instant(event.getTime()), tokenId, userId);
    }

    private static DataFields fieldsOf(CloudEvent event) {
        if (event.getData() == null) {
            throw new BadEventException("data is required");
        }
        JsonNode data = event.getData() instanceof JsonCloudEventData json
                ? json.getNode()
                : Json.parse(event.getData().toBytes(), "data");
        if (!(data instanceof ObjectNode object)) {
            throw new BadEventException("data must be a JSON object");
        }
        return new DataFields(object);
    }

    private EventIdentity identity(CloudEvent event, byte[] key) {
        Long tokenId = RecordKey.tokenId(key);
        Long userId = defaultUserId.orElse(null);
        try {
            DataFields data = fieldsOf(event);
            tokenId = data.optionalPositiveLong("token_id").orElse(tokenId);
            userId = data.optionalPositiveLong("user_id").orElse(userId);
        } catch (BadEventException unusable) {
            // the reason already names the problem; identity stays as far as it is known
        }
        return new EventIdentity(event.getId(), event.getType(), tokenId, userId);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
