package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition EVENTS_0 = new TopicPartition("token-events", 0);
    private static final TopicPartition EVENTS_1 = new TopicPartition("token-events", 1);

    private final OffsetTracker offsets = new OffsetTracker();

    @Test
    void bytesInFlightAreThoseOfTheRecordsNeitherFinishedNorAbandoned() {
        offsets.taken(EVENTS_0, 10, 1_000);
        offsets.taken(EVENTS_0, 11, 60_000);
        offsets.taken(EVENTS_1, 5, 300);
        assertThat(offsets.bytesInFlight()).isEqualTo(61_300);

        offsets.finished(EVENTS_0, 11);
        offsets.abandoned(EVENTS_1, 5);

        assertThat(offsets.bytesInFlight()).isEqualTo(1_000);
        assertThat(offsets.inFlight()).isEqualTo(1);
    }

    @Test
    void aRecordFinishedTwiceOrAfterItsPartitionWentAwayCountsNoMore() {
        offsets.taken(EVENTS_0, 10, 1_000);
        offsets.taken(EVENTS_1, 5, 300);

        offsets.finished(EVENTS_0, 10);
        offsets.finished(EVENTS_0, 10);
        offsets.forget(Set.of(EVENTS_1));
        offsets.finished(EVENTS_1, 5);

        assertThat(offsets.bytesInFlight()).isZero();
        assertThat(offsets.inFlight()).isZero();
    }

    @Test
    void aRecordTakenAgainAfterARebalanceIsCountedOnce() {
        offsets.taken(EVENTS_0, 10, 1_000);
        offsets.taken(EVENTS_0, 10, 1_000);

        assertThat(offsets.bytesInFlight()).isEqualTo(1_000);
    }

    @Test
    void theCommitStopsAtTheLowestUnfinishedOrAbandonedOffset() {
        offsets.taken(EVENTS_0, 10, 1);
        offsets.taken(EVENTS_0, 11, 1);
        offsets.taken(EVENTS_0, 12, 1);
        offsets.finished(EVENTS_0, 10);
        offsets.abandoned(EVENTS_0, 11);
        offsets.finished(EVENTS_0, 12);

        assertThat(offsets.advance()).containsExactly(Map.entry(EVENTS_0, new OffsetAndMetadata(11)));
    }
}
