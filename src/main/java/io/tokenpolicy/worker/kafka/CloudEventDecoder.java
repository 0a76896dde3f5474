package io.tokenpolicy.worker.kafka;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import org.apache.kafka.common.header.Headers;

/**
 * Decodes a Kafka record into a CloudEvent with the CloudEvents SDK: binary mode when the
 * record carries a {@code ce_specversion} header, structured JSON otherwise (with or without
 * a {@code content-type} header, so that plain command-line producers work).
 */
final class CloudEventDecoder {

    private static final String SPEC_VERSION_HEADER = "ce_specversion";

    private final EventFormat structured = new JsonFormat();

    CloudEvent decode(Headers headers, byte[] value) {
        if (headers.lastHeader(SPEC_VERSION_HEADER) != null) {
            return binary(headers, value);
        }
        if (value == null || value.length == 0) {
            throw new BadEventException("record has no value: expected a CloudEvent");
        }
        try {
            return structured.deserialize(value);
        } catch (RuntimeException notCloudEvent) {
            if (!Json.parse(value, "value").isObject()) {
                throw new BadEventException("value is not a JSON object: expected a CloudEvent");
            }
            throw new BadEventException("value is not a CloudEvent: " + Problem.describe(notCloudEvent));
        }
    }

    private static CloudEvent binary(Headers headers, byte[] value) {
        try {
            return KafkaMessageFactory.createReader(headers, value == null ? new byte[0] : value).toEvent();
        } catch (CloudEventRWException | IllegalStateException notCloudEvent) {
            throw new BadEventException("headers are not a binary-mode CloudEvent: " + Problem.describe(notCloudEvent));
        }
    }
}
