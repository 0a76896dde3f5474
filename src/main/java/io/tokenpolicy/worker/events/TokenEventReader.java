package io.tokenpolicy.worker.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonCloudEventData;
import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.config.InputProperties;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.EventSchema;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a record of the events topic as a CloudEvent 1.0 and then as one of the known
 * event types, saying precisely what is wrong with a record that is neither. It never
 * throws: whatever a record holds, the result is a value.
 */
public final class TokenEventReader {

    private final InputProperties limits;
    private final UntrustedJson json;
    private final CloudEventDecoder decoder;
    private final SchemaDataReader dataReader;
    private final Optional<Long> defaultUserId;

    TokenEventReader(InputProperties limits, Optional<Long> defaultUserId) {
        this(limits, defaultUserId, RuleSet.catalogue().schemas());
    }

    /** A reader of the catalogue's types and the operators' own, as {@code schemas} describes them. */
    public TokenEventReader(InputProperties limits, Optional<Long> defaultUserId, Map<String, EventSchema> schemas) {
        this.limits = limits;
        this.json = new UntrustedJson(limits);
        this.decoder = new CloudEventDecoder(json);
        this.defaultUserId = defaultUserId;
        this.dataReader = new SchemaDataReader(schemas);
    }

    public ReadResult read(ConsumerRecord<byte[], byte[]> record) {
        CloudEvent event;
        try {
            requireWithinSize(record);
            event = decoder.decode(record.headers(), record.value());
        } catch (BadEventException unreadable) {
            return unreadable(record, unreadable.getMessage());
        } catch (RuntimeException unexpected) {
            return unreadable(record, "record cannot be read: " + Problem.describe(unexpected));
        }
        try {
            EventAttributes.require(event, dataReader.knownTypes(), dataReader.allFields());
            DataFields data = fieldsOf(event);
            return new ReadResult.Readable(dataReader.read(envelope(event, data, record.key()), data));
        } catch (BadEventException invalid) {
            return new ReadResult.Invalid(identity(event, record.key()), invalid.getMessage());
        } catch (RuntimeException unexpected) {
            return new ReadResult.Invalid(
                    identity(event, record.key()), "event cannot be read: " + Problem.describe(unexpected));
        }
    }

    private void requireWithinSize(ConsumerRecord<byte[], byte[]> record) {
        long size = RecordSize.of(record);
        if (size > limits.maxRecordBytes()) {
            throw new BadEventException("record is " + size + " bytes (key, value and headers), more than "
                    + limits.maxRecordBytes() + " (token-policy.input.max-record-bytes)");
        }
    }

    private static ReadResult unreadable(ConsumerRecord<byte[], byte[]> record, String reason) {
        return new ReadResult.Unreadable(
                new EventIdentity(null, null, null, RecordKey.tokenId(record.key()), null), reason);
    }

    private EventEnvelope envelope(CloudEvent event, DataFields data, byte[] key) {
        long tokenId = data.positiveLong("token_id");
        RecordKey.requireMatches(key, tokenId);
        long userId = data.optionalPositiveLong("user_id")
                .or(() -> defaultUserId)
                .orElseThrow(
                        () -> new BadEventException("data.user_id is required: no default gateway user is configured"));
        return new EventEnvelope(
                event.getSource().toString(),
                event.getId(),
                event.getType(),
                instant(event.getTime()),
                tokenId,
                userId);
    }

    private DataFields fieldsOf(CloudEvent event) {
        if (event.getData() == null) {
            throw new BadEventException("data is required");
        }
        JsonNode data = event.getData() instanceof JsonCloudEventData structured
                ? structured.getNode()
                : json.parse(event.getData().toBytes(), "data");
        if (!(data instanceof ObjectNode object)) {
            throw new BadEventException("data must be a JSON object");
        }
        return new DataFields(object, limits.maxListEntries());
    }

    /** As much of the event as is safe to publish; ids and types with control characters are left out. */
    private EventIdentity identity(CloudEvent event, byte[] key) {
        Long tokenId = RecordKey.tokenId(key);
        Long userId = defaultUserId.orElse(null);
        try {
            DataFields data = fieldsOf(event);
            tokenId = data.optionalPositiveLong("token_id").orElse(tokenId);
            userId = data.optionalPositiveLong("user_id").orElse(userId);
        } catch (RuntimeException unusable) {
            // the reason already names the problem; identity stays as far as it is known
        }
        return new EventIdentity(
                EventAttributes.safeOrNull(event.getSource().toString()),
                EventAttributes.safeOrNull(event.getId()),
                EventAttributes.safeOrNull(event.getType()),
                tokenId,
                userId);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
