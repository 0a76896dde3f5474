package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.HandOver;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which ownership of a partition the work on its records ran under. */
class HandOversTest {

    private static final TopicPartition PARTITION = new TopicPartition("token-events", 3);
    private static final ConsumerRecord<byte[], byte[]> RECORD =
            new ConsumerRecord<>("token-events", 3, 17, null, null);

    private final HandOvers handOvers = new HandOvers();

    @Test
    void workOnAHeldPartitionRanUnderItsCurrentOwnership() {
        handOvers.taken(PARTITION);
        HandOver ranUnder = handOvers.of(RECORD);

        handOvers.begin(Set.of(PARTITION), inFiveSeconds());

        assertThat(handOvers.current(PARTITION, ranUnder)).isTrue();
    }

    @Test
    void workFromBeforeThePartitionWasRevokedAndGivenBackIsNotOfItsCurrentOwnership() {
        handOvers.taken(PARTITION);
        HandOver ranUnder = handOvers.of(RECORD);
        handOvers.begin(Set.of(PARTITION), inFiveSeconds());
        handOvers.forget(Set.of(PARTITION));

        handOvers.taken(PARTITION);

        assertThat(handOvers.current(PARTITION, ranUnder)).isFalse();
    }

    @Test
    void workOnAPartitionNoLongerHeldIsOfNoOwnership() {
        handOvers.taken(PARTITION);
        HandOver ranUnder = handOvers.of(RECORD);

        handOvers.forget(Set.of(PARTITION));

        assertThat(handOvers.current(PARTITION, ranUnder)).isFalse();
        assertThat(handOvers.current(PARTITION, handOvers.of(RECORD))).isFalse();
    }

    @Test
    void workOnARevokedPartitionIsToBeDoneByTheHandOversDeadline() {
        handOvers.taken(PARTITION);
        HandOver ranUnder = handOvers.of(RECORD);
        long deadline = inFiveSeconds();

        handOvers.begin(Set.of(PARTITION), deadline);

        assertThat(System.nanoTime() + ranUnder.nanosLeft())
                .isBetween(deadline - Duration.ofSeconds(1).toNanos(), deadline);
    }

    @Test
    void workOnALostPartitionMayNotStartAnotherCall() {
        handOvers.taken(PARTITION);
        HandOver ranUnder = handOvers.of(RECORD);

        handOvers.lost(Set.of(PARTITION));

        assertThat(ranUnder.nanosLeft()).isNotPositive();
    }

    private static long inFiveSeconds() {
        return System.nanoTime() + Duration.ofSeconds(5).toNanos();
    }
}
