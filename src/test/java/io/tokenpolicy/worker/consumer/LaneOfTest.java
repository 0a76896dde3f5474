package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.Lane;
import io.tokenpolicy.worker.events.EventTypePeek;
import io.tokenpolicy.worker.events.ReadResult;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LaneOfTest {

    private final LaneOf lanes =
            new LaneOf(new InputTopics("token-events", "token-security-events"), new EventTypePeek(10_000));

    @Test
    void everyRecordOfTheSecurityTopicIsSecurityWork() {
        assertThat(lanes.of(record("token-security-events", "billing.topup"))).isEqualTo(Lane.SECURITY);
        assertThat(lanes.of(new ConsumerRecord<>("token-security-events", 0, 0, null, null)))
                .isEqualTo(Lane.SECURITY);
    }

    @Test
    void onTheEventsTopicSecurityTypesAreSecurityWorkAndTheRestBilling() {
        assertThat(lanes.of(record("token-events", "security.incident"))).isEqualTo(Lane.SECURITY);
        assertThat(lanes.of(record("token-events", "security.ops_lockdown"))).isEqualTo(Lane.SECURITY);
        assertThat(lanes.of(record("token-events", "billing.topup"))).isEqualTo(Lane.BILLING);
        assertThat(lanes.of(record("token-events", "token.expiry_set"))).isEqualTo(Lane.BILLING);
        assertThat(lanes.of(new ConsumerRecord<>("token-events", 0, 0, null, "not json".getBytes())))
                .isEqualTo(Lane.BILLING);
    }

    @Test
    void aBillingEventOnTheSecurityTopicIsAWrongTopicThatNamesWhereItBelongs() {
        ReadResult read = lanes.checked(record("token-security-events", "billing.topup"), readable("billing.topup"));

        assertThat(read).isInstanceOf(ReadResult.WrongTopic.class);
        assertThat(((ReadResult.WrongTopic) read).reason())
                .contains("billing.topup", "token-security-events", "events topic");
    }

    @Test
    void securityEventsOnEitherTopicAndBillingEventsOnTheEventsTopicAreReadAsTheyAre() {
        ReadResult incident = readable("security.incident");
        ReadResult topUp = readable("billing.topup");

        assertThat(lanes.checked(record("token-security-events", "security.incident"), incident))
                .isSameAs(incident);
        assertThat(lanes.checked(record("token-events", "security.incident"), incident))
                .isSameAs(incident);
        assertThat(lanes.checked(record("token-events", "billing.topup"), topUp))
                .isSameAs(topUp);
    }

    private static ReadResult readable(String type) {
        return new ReadResult.Readable(
                new TokenEvent(new EventEnvelope("/test", "e-1", type, Instant.EPOCH, 42, 1), EventData.EMPTY));
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String type) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/test\",\"type\":\"" + type
                + "\",\"data\":{\"token_id\":42}}";
        return new ConsumerRecord<>(topic, 0, 0, "42".getBytes(), event.getBytes(StandardCharsets.UTF_8));
    }
}
