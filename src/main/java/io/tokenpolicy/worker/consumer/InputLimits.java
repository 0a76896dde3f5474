package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.config.InputProperties;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The start-up check that every record the worker accepts can also be parked, with its dead-letter headers. */
final class InputLimits {

    /** Room for the dead-letter headers and the record's framing. */
    static final int PARKING_OVERHEAD = 16 * 1024;

    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private InputLimits() {}

    static void requireParkable(InputProperties input, Map<String, Object> producerSettings) {
        Object setting = producerSettings.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int maxRequestSize = setting == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(setting.toString());
        if (input.maxRecordBytes() + PARKING_OVERHEAD > maxRequestSize) {
            throw new IllegalStateException("token-policy.input.max-record-bytes (" + input.maxRecordBytes()
                    + ") plus " + PARKING_OVERHEAD + " bytes for dead-letter headers must fit the producer's "
                    + "max.request.size (" + maxRequestSize
                    + "): raise spring.kafka.producer.properties.max.request.size "
                    + "or lower the cap");
        }
    }
}
