package io.tokenpolicy.worker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The picture the polling loop takes of itself: what it holds, what is paused, and why. */
class ConsumerStatusTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final TopicPartition FIRST = new TopicPartition("token-events", 0);
    private static final TopicPartition SECOND = new TopicPartition("token-events", 1);

    private final ConsumerStatus status = new ConsumerStatus(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void pictureOfAnOutageShowsTheRecordsHeldThePausedPartitionsAndTheGatewayDown() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(FIRST, SECOND));
        consumer.pause(List.of(FIRST, SECOND));

        status.observe(consumer, 60, 6_000, true);

        ConsumerSnapshot snapshot = status.snapshot();
        assertThat(snapshot.polling()).isTrue();
        assertThat(snapshot.observedAt()).isEqualTo(NOW);
        assertThat(snapshot.bufferedRecords()).isEqualTo(60);
        assertThat(snapshot.pausedPartitions()).isEqualTo(2);
        assertThat(snapshot.gatewayDown()).isTrue();
    }

    @Test
    void closedLoopIsNotPollingAndHoldsNothing() {
        status.closed();

        assertThat(status.snapshot()).isEqualTo(new ConsumerSnapshot(false, NOW, Map.of(), 0, 0, false));
    }
}
